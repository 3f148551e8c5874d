/**
 * The import-boundaries lint rule (eslint.config.mjs) fires on each forbidden direction and stays
 * quiet on allowed ones. Files are linted as text under the path they would have in the repo.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(__dirname, "../..") });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message);
}

describe("import boundaries", () => {
  it("refuses Next.js and React in src/domain", async () => {
    const errors = await boundaryErrors("src/domain/probe.ts", 'import { NextResponse } from "next/server";\nimport { useState } from "react";\nexport const x = [NextResponse, useState];\n');
    expect(errors).toEqual(["src/domain must not import Next.js, next-auth or React", "src/domain must not import Next.js, next-auth or React"]);
  });

  it("refuses src/server from src/domain, by alias and by relative path", async () => {
    const errors = await boundaryErrors(
      "src/domain/analytics/probe.ts",
      'import { getRuntime } from "~/server/runtime";\nimport { appRouter } from "../../server/api/root";\nexport const x = [getRuntime, appRouter];\n',
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/src\/domain is plain TypeScript/);
  });

  it("refuses pages from src/server and the server from worker/", async () => {
    expect(await boundaryErrors("src/server/probe.ts", 'import Layout from "~/app/layout";\nexport const x = Layout;\n')).toEqual([
      "src/server must not import pages, components or the worker",
    ]);
    expect(await boundaryErrors("worker/activities/probe.ts", 'import { getRuntime } from "~/server/runtime";\nexport const x = getRuntime;\n')).toEqual([
      "worker/ may import only src/domain",
    ]);
  });

  it("refuses test/ and scripts/ from product code", async () => {
    const errors = await boundaryErrors(
      "src/domain/probe.ts",
      'import { startS3Server } from "../../test/support/s3-server";\nimport { seedSyntheticFocus } from "../../scripts/bench/synthetic-focus";\nexport const x = [startS3Server, seedSyntheticFocus];\n',
    );
    expect(errors).toEqual(["product code must not import test/, e2e/ or scripts/", "product code must not import test/, e2e/ or scripts/"]);
  });

  it("a plugin package imports only node: built-ins and its own files (ABI reaches it through the SDK)", async () => {
    const errors = await boundaryErrors(
      "examples/plugins/probe-plugin/index.js",
      'import { z } from "zod";\nimport { env } from "../../../src/domain/runtime/env";\nimport other from "../focus-http/index.js";\nexport default () => [z, env, other];\n',
    );
    expect(errors).toEqual([
      "a plugin package imports no npm package: ABI hands it the plugin SDK (zod, download, errors) through definePlugin(sdk)",
      "a plugin package must not import ABI's code: it gets the plugin SDK through definePlugin(sdk)",
      "a plugin package imports only its own files",
    ]);
    expect(await boundaryErrors("examples/plugins/focus-http/probe.js", 'import fs from "node:fs";\nimport path from "node:path";\nimport def from "./index.js";\nexport default [fs, path, def];\n')).toEqual([]);
  });

  it("allows the permitted directions", async () => {
    expect(await boundaryErrors("src/domain/probe.ts", 'import { z } from "zod";\nimport { users } from "~/domain/db/schema";\nexport const x = [z, users];\n')).toEqual([]);
    expect(await boundaryErrors("src/server/probe.ts", 'import { getServerSession } from "next-auth";\nimport { users } from "~/domain/db/schema";\nexport const x = [getServerSession, users];\n')).toEqual([]);
    expect(await boundaryErrors("worker/activities/probe.ts", 'import { users } from "~/domain/db/schema";\nexport const x = users;\n')).toEqual([]);
    expect(await boundaryErrors("test/probe.ts", 'import { getRuntime } from "~/server/runtime";\nexport const x = getRuntime;\n')).toEqual([]);
  });
});
