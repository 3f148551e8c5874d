/**
 * The only way the app, the CLI and tests start, run, look up and schedule a workflow: by its
 * contract entry (./contract.ts), with typed arguments checked against ./inputs.ts. Nothing else
 * passes a workflow type by name (test/workflows/no-bare-workflow-names.test.ts enforces it).
 */
import { ScheduleAlreadyRunning, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction, type WorkflowHandle, type WorkflowStartOptions } from "@temporalio/client";
import type { ArgsOf, AnyWorkflowContract, WorkflowFn } from "./contract";
import { workflows, isWorkflowName } from "./contract";
import { workflowInputSchemas } from "./inputs";

type Options<C extends AnyWorkflowContract> = Omit<WorkflowStartOptions<WorkflowFn<C>>, "args"> & { args: ArgsOf<C> };

/** Refuses input the workflow could not run before anything reaches Temporal (a ZodError). */
function checkArgs(contract: AnyWorkflowContract, args: unknown[]): void {
  if (isWorkflowName(contract.name)) workflowInputSchemas[contract.name].parse(args);
}

/** Starts a workflow by its contract entry; the handle's result() and query() are typed. */
export async function startWorkflow<C extends AnyWorkflowContract>(client: Client, contract: C, options: Options<C>) {
  checkArgs(contract, options.args);
  return client.workflow.start<WorkflowFn<C>>(contract.name, options as WorkflowStartOptions<WorkflowFn<C>>);
}

/** Starts a workflow and waits for its (typed) result. */
export async function executeWorkflow<C extends AnyWorkflowContract>(client: Client, contract: C, options: Options<C>) {
  checkArgs(contract, options.args);
  return client.workflow.execute<WorkflowFn<C>>(contract.name, options as WorkflowStartOptions<WorkflowFn<C>>);
}

/** A typed handle of an existing execution of this workflow. */
export function workflowHandle<C extends AnyWorkflowContract>(client: Client, _contract: C, workflowId: string, runId?: string): WorkflowHandle<WorkflowFn<C>> {
  return client.workflow.getHandle<WorkflowFn<C>>(workflowId, runId);
}

/** A schedule's action: start this workflow with these (checked) arguments. */
export function scheduledStart<C extends AnyWorkflowContract>(
  contract: C,
  options: Omit<ScheduleOptionsStartWorkflowAction<WorkflowFn<C>>, "type" | "workflowType" | "args"> & { args: ArgsOf<C> },
): ScheduleOptionsStartWorkflowAction<WorkflowFn<C>> {
  checkArgs(contract, options.args);
  return { ...options, type: "startWorkflow", workflowType: contract.name } as ScheduleOptionsStartWorkflowAction<WorkflowFn<C>>;
}

/**
 * Creates a fixed platform schedule (alerts, digest, raw-archive cleanup) unless it exists: each
 * process that starts calls this, and the first one wins. An existing schedule is left as it is
 * (an admin may have paused it on the workflows page).
 */
export async function createScheduleOnce(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

export class UnknownWorkflowError extends Error {
  override name = "UnknownWorkflowError";
}

/** The contract entry of a workflow type Temporal reported (a listed run's type). */
export function contractOf(type: string): AnyWorkflowContract {
  if (!isWorkflowName(type)) throw new UnknownWorkflowError(`${type} is not a workflow ABI knows`);
  return workflows[type];
}
