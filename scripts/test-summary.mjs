// Adds up the vitest and Playwright JSON reports into one closing line.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0, missing = [];

function read(name) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) { missing.push(name); return undefined; }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

for (const name of ["vitest.json", "vitest-temporal.json"]) {
  const vitest = read(name);
  if (!vitest) continue;
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numFailedTestSuites ?? 0);
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}

const pw = read("playwright.json");
if (pw) {
  passed += pw.stats.expected + (pw.stats.flaky ?? 0);
  failed += pw.stats.unexpected;
  skipped += pw.stats.skipped;
}

const stepsFile = path.join(dir, "failed-steps");
const failedSteps = fs.existsSync(stepsFile) ? fs.readFileSync(stepsFile, "utf8").split("\n").filter(Boolean) : [];
for (const step of failedSteps) console.log(`failed step: ${step}`);
failed += failedSteps.length;

for (const name of missing) console.log(`missing report: ${name} (that suite did not run)`);
console.log(`${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exit(failed + missing.length > 0 ? 1 : 0);
