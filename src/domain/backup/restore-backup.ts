/** `abi restore`: checks a backup whole (checksums, versions, empty target), then replaces both stores with it. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Runtime } from "../runtime";
import type { ProgressSink } from "../commands/types";
import { importPostgres, postgresRowCounts, postgresTables, POSTGRES_SEEDED_TABLES } from "./postgres-tables";
import { clickhouseRowCounts, clickhouseTables, importClickHouse, monthTotals } from "./clickhouse-tables";
import { assertNoIngestRunning } from "./consistency";
import { sha256OfFile } from "./files";
import type { BackupPlace } from "./location";
import { BackupError, MANIFEST_KEY, parseManifest, type BackupManifest } from "./manifest";
import { storedSchemaVersions } from "./versions";

export type RestoreResult = { id: string; location: string; createdAt: string; postgresRows: number; clickhouseRows: number; months: number };

export async function readManifest(place: BackupPlace): Promise<BackupManifest> {
  const key = `${place.prefix}${MANIFEST_KEY}`;
  if (!(await place.store.exists(key))) throw new BackupError(`no ABI backup at ${place.location}: it has no manifest.json (a backup without one did not finish)`);
  return parseManifest((await place.store.get(key)).toString("utf8"));
}

/** The same schema only: the data files are in the shape of the schema that wrote them. */
function checkVersions(m: BackupManifest, here: { postgresSchema: string; clickhouseSchema: string }) {
  const diffs: string[] = [];
  if (m.postgresSchema !== here.postgresSchema) diffs.push(`PostgreSQL schema ${m.postgresSchema} (this ABI: ${here.postgresSchema})`);
  if (m.clickhouseSchema !== here.clickhouseSchema) diffs.push(`ClickHouse schema ${m.clickhouseSchema} (this ABI: ${here.clickhouseSchema})`);
  if (!diffs.length) return;
  const older = m.postgresSchema <= here.postgresSchema && m.clickhouseSchema <= here.clickhouseSchema;
  throw new BackupError(
    `backup ${m.id} was made by ABI ${m.abiVersion} with ${diffs.join(" and ")}; ` +
      (older
        ? `restore it with ABI ${m.abiVersion} into an empty data directory, then start this version, which migrates it`
        : "it is newer than this ABI: upgrade ABI first") +
      "; nothing was restored",
  );
}

const KEY_TABLES = ["focus_billing_data", "users", "data_sources", "ingest_runs", "budgets", "audit_log"];

async function describeContents(rt: Pick<Runtime, "db" | "ch">): Promise<string[]> {
  const pg = await postgresRowCounts(rt.db, (await postgresTables(rt.db)).filter((t) => !POSTGRES_SEEDED_TABLES.has(t)));
  const ch = await clickhouseRowCounts(rt.ch, await clickhouseTables(rt.ch));
  // The tables that say most about what a restore would replace come first.
  const rank = (t: string) => { const i = KEY_TABLES.indexOf(t); return i < 0 ? KEY_TABLES.length : i; };
  return [...ch, ...pg].filter(([, n]) => n > 0).sort((a, b) => rank(a[0]) - rank(b[0])).map(([t, n]) => `${t} ${n} row${n === 1 ? "" : "s"}`);
}

export async function restoreBackup(rt: Pick<Runtime, "db" | "ch">, place: BackupPlace, opts: { force?: boolean } = {}, progress: ProgressSink = () => undefined): Promise<RestoreResult> {
  const manifest = await readManifest(place);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "abi-restore-"));
  try {
    // Every file is fetched and checked before anything is touched.
    const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
    let done = 0;
    for (const f of manifest.files) {
      const local = path.join(tmp, ...f.key.split("/"));
      if (!(await place.store.exists(place.prefix + f.key))) throw new BackupError(`backup ${manifest.id} is incomplete: ${f.key} is missing; nothing was restored`);
      await place.store.getToFile(place.prefix + f.key, local);
      const [size, sha] = [(await fs.stat(local)).size, await sha256OfFile(local)];
      if (size !== f.bytes || sha !== f.sha256) throw new BackupError(`backup ${manifest.id} is damaged: ${f.key} does not match its checksum in the manifest; nothing was restored`);
      done += f.bytes;
      progress({ step: "verify", done, total, unit: "bytes" });
    }
    checkVersions(manifest, await storedSchemaVersions(rt));
    await assertNoIngestRunning(rt.ch);
    const present = await describeContents(rt);
    if (present.length && !opts.force) {
      throw new BackupError(`the target is not empty (${present.slice(0, 6).join(", ")}${present.length > 6 ? `, and ${present.length - 6} more tables` : ""}); a restore replaces all of it: add --force to go ahead`);
    }
    progress({ step: "restore PostgreSQL", done: 0, total: 1 });
    await importPostgres(rt.db as Parameters<typeof importPostgres>[0], tmp, manifest.files);
    progress({ step: "restore ClickHouse", done: 0, total: 1 });
    await importClickHouse(rt.ch, tmp, manifest.files);
    const after = await monthTotals(rt.ch);
    if (JSON.stringify(after) !== JSON.stringify(manifest.totals)) {
      throw new BackupError(`backup ${manifest.id} was restored but its row counts or cost totals per (source, month) differ from the manifest; restore it again or use another backup`);
    }
    const sum = (store: "postgres" | "clickhouse") => manifest.files.filter((f) => f.store === store).reduce((s, f) => s + f.rows, 0);
    return { id: manifest.id, location: place.location, createdAt: manifest.createdAt, postgresRows: sum("postgres"), clickhouseRows: sum("clickhouse"), months: manifest.totals.length };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
