import { z } from "zod";
import { UNRESTRICTED_SCOPE } from "../analytics/scope";
import { MAX_SQL_LENGTH } from "../workbench/guard";
import { runWorkbenchQuery, type WorkbenchResult } from "../workbench/run";
import type { Command } from "./types";

export const sqlArgs = z.object({
  sql: z.string().min(1, "give the query, e.g. abi sql \"SELECT count() FROM focus\"").max(MAX_SQL_LENGTH),
});

/**
 * `abi sql`: the workbench guard and limits over the FOCUS views. The CLI holds the data directory
 * (or the app's local token), i.e. operator access, so it runs with the unrestricted scope.
 */
export const sqlCommand: Command<z.input<typeof sqlArgs>, WorkbenchResult> = {
  name: "sql",
  async run(rt, raw) {
    const { sql } = sqlArgs.parse(raw);
    return runWorkbenchQuery(rt.ch, UNRESTRICTED_SCOPE, sql);
  },
};
