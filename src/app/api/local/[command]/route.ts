import { ZodError } from "zod";
import { getRuntime } from "~/server/runtime";
import { bridgedCommands } from "~/domain/commands";
import { localTokenMatches } from "~/domain/runtime/local-token";

export const dynamic = "force-dynamic";

/**
 * The local bridge: `abi` hands a command to this app when the app owns the embedded data
 * directory. Answers NDJSON lines: progress events, then one result or error line.
 */
export async function POST(req: Request, context: { params: Promise<{ command: string }> }) {
  const rt = await getRuntime();
  if (!localTokenMatches(rt.env.dataDir, req.headers.get("x-abi-local-token"))) {
    return Response.json({ type: "error", message: "local bridge token missing or wrong" }, { status: 401 });
  }
  const { command: name } = await context.params;
  const command = bridgedCommands[name];
  if (!command) return Response.json({ type: "error", message: `unknown command ${name}` }, { status: 404 });
  const args = (await req.json().catch(() => ({}))) as never;

  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const result = await command.run(rt, args, (p) => send({ type: "progress", ...p }));
        send({ type: "result", result });
      } catch (err) {
        const message = err instanceof ZodError ? err.issues.map((i) => `${i.path.join(".") || "args"}: ${i.message}`).join("; ") : (err as Error).message;
        send({ type: "error", message: message.split("\n")[0] });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson" } });
}
