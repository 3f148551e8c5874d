import { env } from "../domain/runtime/env";
import { readLock } from "../domain/runtime/data-dir-lock";
import { LOCAL_BRIDGE_HOST, readLocalBridgePort, readLocalToken } from "../domain/runtime/local-token";
import { openRuntime } from "../domain/runtime";
import { loadWorkerModule } from "../domain/runtime/worker-loader";
import type { Command, ProgressSink } from "../domain/commands";

async function viaApp<R>(port: number, token: string, name: string, args: unknown, progress: ProgressSink): Promise<R> {
  const res = await fetch(`http://${LOCAL_BRIDGE_HOST}:${port}/${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-abi-local-token": token },
    body: JSON.stringify(args),
  });
  if (!res.body) throw new Error(`the running app answered ${res.status} without a body`);
  type Line = { type: string; message?: string; result?: R } & Parameters<ProgressSink>[0];
  /** One NDJSON line: progress goes on, a result or an error ends the command. */
  const handle = (text: string): { result: R } | undefined => {
    const line = JSON.parse(text) as Line;
    if (line.type === "progress") progress(line);
    else if (line.type === "result") return { result: line.result as R };
    else if (line.type === "error") throw new Error(line.message);
    return undefined;
  };
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const done = handle(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (done) return done.result;
    }
  }
  // A refusal (wrong token, unknown command) is one JSON object without a trailing newline.
  const last = buffer.trim() ? handle(buffer) : undefined;
  if (last) return last.result;
  throw new Error("the running app closed the connection before answering");
}

/** Embedded stores serve only their owner process, so a Temporal run started here needs a worker here. */
async function localWorker() {
  const { runWorker } = await loadWorkerModule();
  const controller = new AbortController();
  const done = runWorker({ signal: controller.signal });
  const failed = done.then(
    () => new Promise<never>(() => undefined),
    (err: unknown) => Promise.reject(new Error(`the local worker stopped: ${(err as Error).message}`)),
  );
  return {
    failed,
    async stop() {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
}

/**
 * Runs a command here, or, when an embedded app owns the data directory, inside that app
 * (the embedded stores allow one owner process).
 */
export async function runCommand<A, R>(command: Command<A, R>, args: A, progress: ProgressSink, opts: { needsWorker?: boolean } = {}): Promise<R> {
  const e = env();
  const holder = e.usesEmbeddedStore ? readLock(e.dataDir) : undefined;
  if (holder && holder.pid !== process.pid) {
    const token = readLocalToken(e.dataDir);
    const port = readLocalBridgePort(e.dataDir);
    if (!port || !token) {
      throw new Error(`data directory ${e.dataDir} is in use by process ${holder.pid}; stop it, or run this command through the app that owns it`);
    }
    return viaApp<R>(port, token, command.name, args, progress);
  }
  const rt = await openRuntime();
  const worker = opts.needsWorker && rt.env.usesEmbeddedStore ? await localWorker() : undefined;
  try {
    return await (worker ? Promise.race([command.run(rt, args, progress), worker.failed]) : command.run(rt, args, progress));
  } finally {
    await worker?.stop();
    await rt.close();
  }
}
