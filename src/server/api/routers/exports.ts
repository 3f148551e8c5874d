import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { printPageToPdf } from "~/domain/analytics/export/pdf";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { appUrl } from "~/server/runtime";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Dashboard pages that may be printed (paths inside the app, never another host). */
const printable = /^\/(costs|breakdown|heatmap|commitments|budgets|anomalies|recommendations)?(\?[^#]*)?$/;

export const exportsRouter = createTRPCRouter({
  pdf: protectedProcedure.input(z.object({ path: z.string().max(4000) })).mutation(async ({ ctx, input }) => {
    if (!printable.test(input.path)) throw new TRPCError({ code: "BAD_REQUEST", message: `Only dashboard pages can be printed, not ${input.path}` });
    const url = new URL(input.path, appUrl()).toString();
    try {
      const pdf = await printPageToPdf({ url, cookie: ctx.headers.get("cookie") ?? "" });
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "export.pdf", target: input.path, details: { bytes: pdf.length } });
      return { base64: Buffer.from(pdf).toString("base64"), bytes: pdf.length };
    } catch (e) {
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `PDF printing failed: ${(e as Error).message.split("\n")[0]}`, cause: e });
    }
  }),
});
