import path from "node:path";
import { Client, Connection } from "@temporalio/client";
import type { AbiEnv } from "./env";
import { findTemporalCli, startTemporalDevServer, type DevServer } from "./temporal-dev-server";
import { processSingleton } from "./singleton";

type TemporalState = { address?: string; starting?: Promise<string>; devServer?: DevServer; connection?: Promise<Connection> };

const state = () => processSingleton<TemporalState>("temporal", () => ({}));

/** Embedded mode starts the dev server once per process; server mode just uses TEMPORAL_ADDRESS. */
export async function ensureTemporalAddress(e: AbiEnv): Promise<string> {
  const s = state();
  if (e.TEMPORAL_ADDRESS) return (s.address = e.TEMPORAL_ADDRESS);
  if (s.address) return s.address;
  // Concurrent callers (a request arriving while the app boots) share one start-up.
  s.starting ??= (async () => {
    const cli = findTemporalCli(e.TEMPORAL_CLI);
    s.devServer = await startTemporalDevServer({
      cli,
      dbFile: path.join(e.dataDir, "temporal", "temporal.db"),
      logFile: path.join(e.dataDir, "temporal", "server.log"),
    });
    return (s.address = s.devServer.address);
  })().finally(() => {
    s.starting = undefined;
  });
  return s.starting;
}

export async function temporalConnection(e: AbiEnv): Promise<Connection> {
  const s = state();
  s.connection ??= ensureTemporalAddress(e).then((address) => Connection.connect({ address, connectTimeout: "10s" }));
  try {
    return await s.connection;
  } catch (err) {
    s.connection = undefined;
    throw err;
  }
}

export async function temporalClient(e: AbiEnv): Promise<Client> {
  return new Client({ connection: await temporalConnection(e), namespace: e.TEMPORAL_NAMESPACE });
}

export async function stopTemporal(): Promise<void> {
  const s = state();
  const connection = await s.connection?.catch(() => undefined);
  s.connection = undefined;
  await connection?.close().catch(() => undefined);
  await s.devServer?.stop();
  s.devServer = undefined;
  s.address = undefined;
}
