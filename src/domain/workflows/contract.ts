/**
 * The one typed workflow contract: every workflow's name, input, result, queries, signals and
 * heartbeat shape. The worker implements these (worker/workflows/index.ts checks each export against
 * its entry), the app and the CLI start, query and schedule them only through ./client.ts.
 *
 * Runtime imports: none. This file is bundled into the workflow sandbox, so it may only hold
 * plain values and type-only imports (queries are built as plain `{ type, name }` objects, which is
 * what @temporalio/workflow's defineQuery returns). Input schemas (zod) live in ./inputs.ts.
 */
import type { QueryDefinition, SignalDefinition } from "@temporalio/common";
import type { IngestReport } from "../ingest/types";
import type { BackupResult } from "../backup/create-backup";
import type { EvaluationTrigger } from "../alerts/evaluation-types";
import type { PendingDelivery } from "../alerts/evaluate-rules";
import type { RunProgress, WorkProgress } from "./progress";

export type { RunProgress, WorkProgress } from "./progress";

/** A file a run loads: where it is on the worker's disk, its original name and size. */
export type RunFileInput = { path: string; name: string; bytes: number };

/** `pluginVersion`: the plugin version pinned when the run was started (absent: the active one). */
export type IngestMonthInput = { sourceId: string; month: string; pluginVersion?: string };
export type IngestUploadInput = { sourceId: string; files: RunFileInput[] };
export type BackfillInput = { sourceId: string; from: string; to: string; concurrency?: number; pluginVersion?: string };
export type BackupNowInput = { id: string };
export type DailyIngestInput = { sourceId: string };
export type QualityInput = { sourceId: string; month: string; runId: string };

/** What an ingestion run returns: its report (lineage without file paths) and the restated cells. */
export type IngestRunResult = Omit<IngestReport, "files"> & {
  files: { name: string; rows: number; sizeBytes: number; sha256: string }[];
  restatements: number;
};
export type BackfillResult = { months: { month: string; ok: boolean; error?: string }[] };
export type DailyIngestResult = { months: { month: string; runId?: string; skipped?: string }[] };
export type QualityResult = { previousRunId: string | null; changes: number; billedDelta: string };
export type RawArchiveCleanupResult = { runs: number; objects: number };
export type ScheduledBackupResult = BackupResult & { pruned: string[] };
export type { EvaluationTrigger } from "../alerts/evaluation-types";
export type EvaluateAlertsResult = { opened: number; resolved: number; skipped: { ruleId: string; why: string }[]; deliveries: PendingDelivery[]; delivered: number; failed: number };
/** `runAt`: the schedule's or the button's time (ISO); the outputs are kept under reports/<report>/<date of runAt>/. */
export type DeliverReportInput = { reportId: string; trigger: "schedule" | "send_now"; runAt?: string };
export type DeliverReportResult = { recipients: number; delivered: number; failed: { recipient: string; error: string }[] };
export type WeeklyDigestResult = { sent: number; failed: { userId: string; error: string }[] };
export type SelfCheckResult = { clickhouseVersion: string; users: number; workerPid: number };

const query = <Ret, Name extends string>(name: Name) => ({ type: "query", name }) as QueryDefinition<Ret, [], Name>;

/** The ingestion runs' `progress` query. */
export const progressQuery = query<RunProgress, "progress">("progress");

/**
 * One workflow type. `Args` and `Result` exist only at the type level (never set at run time);
 * `heartbeat` names the shape its activities heartbeat, for the console's live progress.
 */
export type WorkflowContract<
  Name extends string,
  Args extends unknown[],
  Result,
  Queries extends Record<string, QueryDefinition<unknown, [], string>> = Record<never, never>,
  Signals extends Record<string, SignalDefinition<unknown[], string>> = Record<never, never>,
> = {
  name: Name;
  description: string;
  queries: Queries;
  signals: Signals;
  /** Whether its activities heartbeat a WorkProgress (shown as the run's live progress). */
  heartbeats: boolean;
  readonly __args?: Args;
  readonly __result?: Result;
  readonly __heartbeat?: WorkProgress;
};

const contract = <Args extends unknown[], Result>() =>
  <const Name extends string, Q extends Record<string, QueryDefinition<unknown, [], string>> = Record<never, never>, S extends Record<string, SignalDefinition<unknown[], string>> = Record<never, never>>(
    def: { name: Name; description: string; queries?: Q; signals?: S; heartbeats?: boolean },
  ): WorkflowContract<Name, Args, Result, Q, S> => ({ queries: {} as Q, signals: {} as S, heartbeats: false, ...def });

/** Every workflow ABI runs. Add a workflow here first (ARCHITECTURE.md, "Where to add a workflow"). */
export const workflows = {
  selfCheck: contract<[], SelfCheckResult>()({
    name: "selfCheck",
    description: "A worker reads both stores (abi health --deep, runtime tests)",
  }),
  ingestSourceMonth: contract<[IngestMonthInput], IngestRunResult>()({
    name: "ingestSourceMonth",
    description: "One (source, billing month): extract → stage → convert → validate → swap → data quality",
    queries: { progress: progressQuery },
    heartbeats: true,
  }),
  backfillSource: contract<[BackfillInput], BackfillResult>()({
    name: "backfillSource",
    description: "One ingestSourceMonth child per month of a range, newest first",
  }),
  dailySourceIngest: contract<[DailyIngestInput], DailyIngestResult>()({
    name: "dailySourceIngest",
    description: "A source's daily schedule: the current month and, while Azure restates it, the previous",
  }),
  dataQualityMonitor: contract<[QualityInput], QualityResult>()({
    name: "dataQualityMonitor",
    description: "After a run: what changed against the previous run of the month (restatements)",
  }),
  ingestUpload: contract<[IngestUploadInput], IngestRunResult>()({
    name: "ingestUpload",
    description: "Files uploaded in the browser: stage → convert → validate → swap → data quality",
    queries: { progress: progressQuery },
    heartbeats: true,
  }),
  rawArchiveCleanup: contract<[], RawArchiveCleanupResult>()({
    name: "rawArchiveCleanup",
    description: "Daily: deletes archived raw files of runs past their source's retention",
  }),
  backupNow: contract<[BackupNowInput], BackupResult>()({
    name: "backupNow",
    description: "\"Back up now\" on the backups page: PostgreSQL and ClickHouse into the object store",
    heartbeats: true,
  }),
  scheduledBackup: contract<[], ScheduledBackupResult>()({
    name: "scheduledBackup",
    description: "The daily backup schedule: a backup, then the retention",
    heartbeats: true,
  }),
  evaluateAlerts: contract<[EvaluationTrigger], EvaluateAlertsResult>()({
    name: "evaluateAlerts",
    description: "Alert rules evaluated after a run or every 15 minutes; what opened or resolved is delivered",
  }),
  deliverReport: contract<[DeliverReportInput], DeliverReportResult>()({
    name: "deliverReport",
    description: "A scheduled report (its schedule or \"Send now\"): rendered per recipient with their scope, stored, e-mailed",
  }),
  weeklyDigest: contract<[], WeeklyDigestResult>()({
    name: "weeklyDigest",
    description: "Hourly: the weekly digest to each opted-in user whose Monday morning it is in their time zone",
  }),
} as const;

export type Workflows = typeof workflows;
export type WorkflowName = keyof Workflows;
export type AnyWorkflowContract = WorkflowContract<string, any[], any, any, any>;

export type ArgsOf<C> = C extends { readonly __args?: infer A } ? (NonNullable<A> extends unknown[] ? NonNullable<A> : never) : never;
export type ResultOf<C> = C extends { readonly __result?: infer R } ? Exclude<R, undefined> : never;
/** The function type a workflow implementation must have (worker/workflows checks each against it). */
export type WorkflowFn<C> = (...args: ArgsOf<C>) => Promise<ResultOf<C>>;

export const WORKFLOW_NAMES = Object.keys(workflows) as [WorkflowName, ...WorkflowName[]];

export function isWorkflowName(name: string): name is WorkflowName {
  return Object.hasOwn(workflows, name);
}
