import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A real HTTP server in front of the app's own route handlers (the modules under src/app/api),
 * so a test talks to them over a socket as Prometheus and API clients do, without a Next build.
 */
export async function serveRoutes(routes: { prefix: string; handler: Handler }[], port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const route = routes.find((r) => url.pathname.startsWith(r.prefix));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined;
      const answer = await route.handler(new NextRequest(url, { method: req.method, headers, body }), { params: Promise.resolve({ trpc: url.pathname.slice(route.prefix.length) }) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
