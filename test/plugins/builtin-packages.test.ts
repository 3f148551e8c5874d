/**
 * Built-ins are plugin packages in the repo: each folder under src/domain/plugins/builtin/ has a
 * package.json whose `abi` key is the manifest the registry serves (source plugins and notifiers) (read here with fs as the
 * oracle), and the folder is the package of exactly one registered built-in.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinSourcePlugins, notifierPlugins } from "~/domain/plugins/registry";

const BUILTIN = path.resolve(__dirname, "../../src/domain/plugins/builtin");
// Source plugins and notifiers (alert channels) alike.
const builtins = () => [...builtinSourcePlugins(), ...notifierPlugins({ builtinOnly: true })];
const folders = readdirSync(BUILTIN, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe("built-in plugin packages", () => {
  it("every built-in folder is one registered built-in", () => {
    expect(builtins().map((p) => p.manifest.id).sort()).toEqual(folders);
  });

  it.each(folders)("%s: the registry's manifest is the folder's package.json", (folder) => {
    const pkg = JSON.parse(readFileSync(path.join(BUILTIN, folder, "package.json"), "utf8"));
    const plugin = builtins().find((p) => p.manifest.id === folder)!;
    expect(pkg).toMatchObject({ type: "module", main: "index.ts", abi: { id: folder, kind: plugin.kind } });
    expect(plugin.manifest).toEqual({
      id: pkg.abi.id,
      name: pkg.abi.name,
      version: pkg.version,
      publisher: pkg.abi.publisher,
      description: pkg.abi.description,
      category: pkg.abi.category,
      icon: pkg.abi.icon,
      homepage: pkg.abi.homepage,
      abi: pkg.abi.api,
      dependencies: pkg.abi.plugins,
    });
  });
});
