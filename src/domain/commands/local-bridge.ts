import http from "node:http";
import type { AddressInfo } from "node:net";
import { ZodError } from "zod";
import type { Runtime } from "../runtime";
import { LOCAL_BRIDGE_HOST, ensureLocalToken, localTokenMatches, removeLocalBridgeFiles, writeLocalBridgePort } from "../runtime/local-token";
import { bridgedCommands } from "./index";

const MAX_ARGS_BYTES = 64 * 1024;

export type LocalBridge = { port: number; close: () => Promise<void> };

function refuse(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", message }));
}

async function readArgs(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ARGS_BYTES) throw new Error("command arguments too large");
    chunks.push(chunk);
  }
  return size ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
}

/**
 * The local bridge: `abi` hands a command to the app when the app owns the embedded data
 * directory. Its commands read and write files (ingest, export --out), so it listens on loopback
 * only, on its own port (not the app's public one), and only in embedded mode. POST /<command>
 * with the token header answers NDJSON lines: progress events, then one result or error line.
 */
export async function startLocalBridge(rt: Runtime): Promise<LocalBridge | undefined> {
  if (!rt.env.usesEmbeddedStore) return undefined;
  const dataDir = rt.env.dataDir;
  ensureLocalToken(dataDir);
  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.method !== "POST") return refuse(res, 405, "the local bridge takes POST requests");
      const presented = req.headers["x-abi-local-token"];
      if (!localTokenMatches(dataDir, typeof presented === "string" ? presented : undefined)) return refuse(res, 401, "local bridge token missing or wrong");
      const name = (req.url ?? "/").replace(/^\//, "");
      const command = Object.hasOwn(bridgedCommands, name) ? bridgedCommands[name] : undefined;
      if (!command) return refuse(res, 404, `unknown command ${name}`);
      let args: unknown;
      try {
        args = await readArgs(req);
      } catch (err) {
        return refuse(res, 400, (err as Error).message);
      }
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      const send = (line: unknown) => res.write(`${JSON.stringify(line)}\n`);
      try {
        const result = await command.run(rt, args as never, (p) => send({ type: "progress", ...p }));
        send({ type: "result", result });
      } catch (err) {
        const message = err instanceof ZodError ? err.issues.map((i) => `${i.path.join(".") || "args"}: ${i.message}`).join("; ") : (err as Error).message;
        send({ type: "error", message: message.split("\n")[0] });
      }
      res.end();
    })().catch((err: unknown) => {
      console.error("local bridge:", err);
      if (!res.headersSent) refuse(res, 500, "the local bridge failed; the app log has the details");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOCAL_BRIDGE_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  writeLocalBridgePort(dataDir, port);
  server.unref();
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        removeLocalBridgeFiles(dataDir);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
