/**
 * Vitest global setup: every temporary directory a test makes (chDB and PGlite data dirs, generated
 * files, packed plugins) goes under one directory per test run, removed when the run ends. Tests
 * call os.tmpdir(), which reads TMPDIR; the worker processes are forked after this runs and inherit it.
 * Without it every run left a few hundred directories (tens of GB after a day of runs) in /tmp.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "abi-vitest-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
