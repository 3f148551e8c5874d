import { z } from "zod";
import { validationReport } from "../ingest";
import type { Command } from "./types";

export const validateArgs = z.object({ run: z.string().uuid("--run must be a run id").optional() });

type Report = NonNullable<Awaited<ReturnType<typeof validationReport>>>;

export const validateCommand: Command<z.input<typeof validateArgs>, Report> = {
  name: "validate",
  async run(rt, raw) {
    const args = validateArgs.parse(raw);
    const report = await validationReport(rt.ch, args.run);
    if (!report) throw new Error(args.run ? `no validation report for run ${args.run}` : "no successful ingest run yet; run abi ingest first");
    if (report.results.length === 0) throw new Error(`run ${report.runId} has no validation report (it may have failed before validation)`);
    return report;
  },
};
