import path from "node:path";
import { z } from "zod";
import { exportFocus } from "../ingest";
import { findSourceByName } from "../sources/registry";
import { recordAudit } from "../audit/record";
import { sourceNameSchema } from "../sources/source-name";
import type { Command } from "./types";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");

export const exportArgs = z
  .object({
    from: month,
    to: month,
    format: z.enum(["parquet", "csv"]),
    out: z.string().min(1),
    focusVersion: z.enum(["1.2", "1.3"]).default("1.2"),
    source: sourceNameSchema.optional(),
  })
  .refine((a) => a.from <= a.to, { message: "--from must not be after --to", path: ["from"] });

export const exportCommand: Command<z.input<typeof exportArgs>, { rows: number; out: string }> = {
  name: "export",
  async run(rt, raw) {
    const args = exportArgs.parse(raw);
    let sourceId: string | undefined;
    if (args.source) {
      const source = await findSourceByName(rt.db, args.source);
      if (!source) throw new Error(`no data source named "${args.source}"`);
      sourceId = source.id;
    }
    const out = path.resolve(args.out);
    const result = await exportFocus(rt.ch, { from: args.from, to: args.to, format: args.format, out, focusVersion: args.focusVersion, sourceId });
    // The CLI has no signed-in user: whoever can run it owns the data directory or the server.
    await recordAudit(rt.db, {
      action: "export.focus",
      target: out,
      details: { via: "cli", from: args.from, to: args.to, format: args.format, focusVersion: args.focusVersion, source: args.source ?? null, rows: result.rows },
    });
    return result;
  },
};
