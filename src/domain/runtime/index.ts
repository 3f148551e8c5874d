import path from "node:path";
import type { Connection } from "@temporalio/client";
import { env as readEnv, type AbiEnv } from "./env";
import { acquireDataDirLock, releaseDataDirLock } from "./data-dir-lock";
import { clickhouse, closeClickHouse, type ClickHouseClient } from "./clickhouse";
import { postgres, closePostgres, type Db } from "./postgres";
import { migrateClickHouse } from "./clickhouse-migrations";
import { temporalConnection, stopTemporal } from "./temporal";
import { projectRoot } from "./project-root";
import { processSingleton, clearProcessSingleton } from "./singleton";
import { syncBuiltinPlugins } from "../plugins/registry-store";
import { syncCatalogue } from "../plugins/packages/catalogue";
import { activatePackagePlugins } from "../plugins/packages/runtime-packages";
import { packageHomeFromEnv } from "../plugins/packages/package-home";

export type Runtime = {
  env: AbiEnv;
  ch: ClickHouseClient;
  db: Db;
  temporal: () => Promise<Connection>;
  close: () => Promise<void>;
};

export async function migrateAll(rt: Pick<Runtime, "ch">, pg = postgres(readEnv())): Promise<{ postgres: "ok"; clickhouse: string[] }> {
  const root = projectRoot();
  await pg.migrate(path.join(root, "drizzle"));
  // The built-in plugin versions are registered with the schema they need (idempotent).
  await syncBuiltinPlugins(pg.db);
  await syncCatalogue(pg.db, packageHomeFromEnv(readEnv()));
  const applied = await migrateClickHouse(rt.ch, path.join(root, "clickhouse", "migrations"));
  return { postgres: "ok", clickhouse: applied };
}

async function open(opts: { migrate?: boolean; appUrl?: string }): Promise<Runtime> {
  const e = readEnv();
  if (e.usesEmbeddedStore) acquireDataDirLock(e.dataDir, { appUrl: opts.appUrl });
  const ch = clickhouse(e);
  const pg = postgres(e);
  let stopActivation = () => undefined as void;
  const rt: Runtime = {
    env: e,
    ch,
    db: pg.db,
    temporal: () => temporalConnection(e),
    close: async () => {
      stopActivation();
      clearProcessSingleton("runtime");
      await stopTemporal();
      await closeClickHouse();
      await closePostgres();
      releaseDataDirLock(e.dataDir);
    },
  };
  // Embedded stores are only ever opened by their owner process, so it migrates them on start.
  if (opts.migrate ?? e.usesEmbeddedStore) await migrateAll(rt, pg);
  // Installed plugin packages: their active versions join the registry (imported on first use).
  // A PostgreSQL server that is down must not stop the app from starting (health then says so):
  // the packages are activated as soon as it answers.
  stopActivation = await activateWhenReachable(() => activatePackagePlugins(pg.db, packageHomeFromEnv(e)));
  return rt;
}

const ACTIVATION_RETRY_MS = 30_000;

/** Runs `activate` now, or keeps retrying it until it succeeds; returns what stops the retries. */
async function activateWhenReachable(activate: () => Promise<unknown>): Promise<() => void> {
  try {
    await activate();
    return () => undefined;
  } catch (err) {
    console.warn(`abi: plugin packages not activated yet (${((err as Error).cause as Error | undefined ?? (err as Error)).message.split("\n")[0]}); retrying every ${ACTIVATION_RETRY_MS / 1000} s`);
    const timer = setInterval(() => {
      activate().then(() => clearInterval(timer), () => undefined);
    }, ACTIVATION_RETRY_MS);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** The process's runtime: opened once, shared by the app, the in-process worker and the CLI. */
export function openRuntime(opts: { migrate?: boolean; appUrl?: string } = {}): Promise<Runtime> {
  const p = processSingleton("runtime", () =>
    open(opts).catch((err) => {
      clearProcessSingleton("runtime");
      throw err;
    }),
  );
  return p;
}
