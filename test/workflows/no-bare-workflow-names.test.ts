/**
 * Workflows start only through their contract entry (src/domain/workflows/client.ts): no code
 * outside that file hands Temporal a workflow type by name. This reads every source file of the
 * app, the CLI, the worker and the tests, so a new `client.workflow.start("someName", …)` fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["src", "worker", "test", "e2e", "bin", "scripts"];
const ALLOWED = new Set([path.join("src", "domain", "workflows", "client.ts")]);
const SELF = path.join("test", "workflows", "no-bare-workflow-names.test.ts");

// Client starts (start, execute, signalWithStart), schedule actions and child workflows by string.
const PATTERNS: [string, RegExp][] = [
  ["client start by name", /\.workflow\s*\.\s*(start|execute|signalWithStart)\s*(<[^>]*>)?\s*\(/],
  // A schedule action built by hand (client.ts's scheduledStart builds it from the contract entry).
  ["schedule action by name", /\btype\s*:\s*["'`]startWorkflow["'`]/],
  ["child workflow by name", /\b(executeChild|startChild)\s*\(\s*["'`]/],
  ["query by name", /\.query\s*(<[^>]*>)?\s*\(\s*["'`][A-Za-z_]\w*["'`]\s*[,)]/],
];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|mts|mjs|js)$/.test(f) && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.join(dir, f));
}

describe("no workflow is started by a bare name", () => {
  it("only src/domain/workflows/client.ts passes a workflow type to Temporal", () => {
    const offences: string[] = [];
    for (const file of ROOTS.flatMap(sourceFiles)) {
      if (ALLOWED.has(file) || file === SELF) continue;
      const lines = fs.readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        // Tests may start a workflow type no worker implements (to hold a "running" execution), marked so.
        if (file.startsWith(`test${path.sep}`) && /no-worker-workflow/.test(`${lines[i - 1] ?? ""}${line}`)) return;
        for (const [what, re] of PATTERNS) if (re.test(line)) offences.push(`${file}:${i + 1} ${what}: ${line.trim()}`);
      });
    }
    expect(offences, "start workflows with startWorkflow/executeWorkflow/scheduledStart from src/domain/workflows/client.ts").toEqual([]);
  });
});
