import superjson from "superjson";
import { env } from "../domain/runtime/env";

/** `ABI_URL` + `ABI_TOKEN`: the CLI calls that server's tRPC API instead of opening local stores. */
export type Remote = { url: string; token: string };

export function remoteServer(): Remote | undefined {
  const e = env();
  return e.ABI_URL && e.ABI_TOKEN ? { url: e.ABI_URL, token: e.ABI_TOKEN } : undefined;
}

type TrpcAnswer = { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json?: { message?: string; data?: { httpStatus?: number } } } };

/** One tRPC query over HTTP (docs/api.md); the server's error message becomes the thrown error. */
export async function remoteQuery<T>(remote: Remote, procedure: string, input?: unknown): Promise<T> {
  const url = new URL(`/api/trpc/${procedure}`, remote.url);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify(superjson.serialize(input)));
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${remote.token}` }, signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    throw new Error(`cannot reach ${remote.url}: ${(e as Error).message}`);
  }
  let body: TrpcAnswer;
  try {
    body = (await res.json()) as TrpcAnswer;
  } catch {
    throw new Error(`${remote.url} answered ${res.status} without a tRPC body; is ABI_URL the ABI server?`);
  }
  if (body.error || !body.result) throw new Error(`${remote.url}: ${body.error?.json?.message ?? `HTTP ${res.status}`}`);
  return superjson.deserialize<T>(body.result.data);
}
