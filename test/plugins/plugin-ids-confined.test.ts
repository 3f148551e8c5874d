/**
 * Issue 11: "no code outside a plugin names a plugin id". Callers look plugins up in the registry
 * by the id stored on a data source and use capabilities; only the plugin's own folder spells its
 * id. The ids and folders are listed here on purpose (an oracle independent of the registry).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const BUILTINS: Record<string, string> = {
  "file-upload": "src/domain/plugins/builtin/file-upload/",
  "azure-cost-details": "src/domain/plugins/builtin/azure-cost-details/",
  "azure-exports-s3": "src/domain/plugins/builtin/azure-exports-s3/",
  "focus-files": "src/domain/plugins/builtin/focus-files/",
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** The id as a string literal ("id", 'id', `id`) or as a query value (?plugin=id). */
const naming = (id: string) => new RegExp(`(["'\`])${id}\\1|=${id}\\b`);

/** Every line outside `folder` that names `id`, as "file:line: text". */
function offenders(id: string, folder: string): string[] {
  const out: string[] = [];
  for (const file of [...sourceFiles("src"), ...sourceFiles("worker")]) {
    if (file.startsWith(folder)) continue;
    fs.readFileSync(path.join(ROOT, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (naming(id).test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return out;
}

describe("built-in plugin ids are named only inside their plugin folder", () => {
  it.each(Object.entries(BUILTINS))("%s", (id, folder) => {
    expect(fs.existsSync(path.join(ROOT, folder, "index.ts")), `${folder}index.ts exists`).toBe(true);
    expect(offenders(id, folder)).toEqual([]);
  });

  it("the scan finds an id where one is written", () => {
    // Guards the scanner itself: a literal of each form is caught, prose is not.
    expect(naming("azure-exports-s3").test(`if (p === "azure-exports-s3")`)).toBe(true);
    expect(naming("file-upload").test("href='/sources/new?plugin=file-upload'")).toBe(true);
    expect(naming("file-upload").test("upload files to a file-upload source")).toBe(false);
  });
});
