/**
 * The catalogue folder (`ABI_PLUGIN_CATALOGUE_DIR`, default `<dataDir>/plugins/catalogue`): every
 * `.tgz` in it is registered (source "catalogue") at start, so an operator can offer plugins by
 * dropping packages there. A package that cannot be read is skipped with a message on stderr.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../runtime/postgres";
import { registerPluginPackage, type RegisteredPackage } from "./register-package";
import type { PackageHome } from "./package-home";

export async function syncCatalogue(db: Db, home: PackageHome): Promise<RegisteredPackage[]> {
  if (!existsSync(home.catalogueDir)) return [];
  const out: RegisteredPackage[] = [];
  for (const name of (await readdir(home.catalogueDir)).filter((n) => n.endsWith(".tgz")).sort()) {
    try {
      out.push(await registerPluginPackage(db, home, path.join(home.catalogueDir, name), { source: "catalogue" }));
    } catch (err) {
      console.error(`plugin catalogue: ${name} skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
