/**
 * A local HTTP receiver standing in for Slack, Teams and webhook endpoints: it keeps every
 * request (headers, raw body) and answers 500 to the first `failFirst` requests, then 200.
 */
import http from "node:http";

export type ReceivedRequest = { path: string; headers: http.IncomingHttpHeaders; body: string; status: number };

export type WebhookReceiver = { url: string; requests: ReceivedRequest[]; failFirst: number; close(): Promise<void> };

export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: "", requests: [], failFirst, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = receiver.requests.length < receiver.failFirst ? 500 : 200;
      receiver.requests.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver is failing on purpose");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
