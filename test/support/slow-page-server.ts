import http from "node:http";
import type { AddressInfo } from "node:net";

/** An HTTP server whose every page answers plain HTML after `delayMs`: a dashboard that takes a while. */
export async function startSlowPageServer(delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><body><h1>Costs</h1></body></html>");
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
