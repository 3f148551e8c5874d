import fs from "node:fs";
import path from "node:path";

/** The checkout root: where `drizzle/` and `clickhouse/` live, found from the working directory. */
export function projectRoot(): string {
  if (process.env.ABI_ROOT) return path.resolve(process.env.ABI_ROOT);
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, "clickhouse", "migrations")) && fs.existsSync(path.join(dir, "drizzle"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ABI project folder from ${process.cwd()}; run from the checkout or set ABI_ROOT`);
    dir = parent;
  }
}
