/** Reading the official focus-validator's JUnit XML and ABI's list of its known defects. */

export type OfficialResult = { tests: number; failures: number; skipped: number; failedRules: { ruleId: string; message: string }[] };

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** Parses `--output-type unittest` output: one <testcase name="RuleId :: Function"> per rule. */
export function parseOfficialJunit(xml: string): OfficialResult {
  const suites = /<testsuites\b[^>]*>/.exec(xml)?.[0];
  if (!suites) throw new Error("not a focus-validator JUnit report: no <testsuites> element");
  const failedRules: OfficialResult["failedRules"] = [];
  const caseRe = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (let m = caseRe.exec(xml); m; m = caseRe.exec(xml)) {
    const body = m[2] ?? "";
    const failure = /<failure\b[^>]*>/.exec(body)?.[0];
    if (!failure) continue;
    const name = attr(m[1]!, "name") ?? "";
    failedRules.push({ ruleId: name.split(" :: ")[0]!.trim(), message: attr(failure, "message") ?? "" });
  }
  return {
    tests: Number(attr(suites, "tests") ?? 0),
    failures: Number(attr(suites, "failures") ?? 0),
    skipped: Number(attr(suites, "skipped") ?? 0),
    failedRules,
  };
}

export type KnownDefect = { ruleId: string; reason: string };

/** Rows of the markdown table in docs/focus-validator-defects.md: | `RuleId` | kind | reason | */
export function parseKnownDefects(markdown: string): KnownDefect[] {
  const out: KnownDefect[] = [];
  for (const line of markdown.split("\n")) {
    const m = /^\|\s*`([A-Za-z]+-[A-Z]-\d{3}-[MCO])`\s*\|([^|]*)\|(.*)\|\s*$/.exec(line);
    if (m) out.push({ ruleId: m[1]!, reason: `${m[2]!.trim()}: ${m[3]!.trim()}` });
  }
  return out;
}
