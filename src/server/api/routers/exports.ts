import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { printPageToPdf } from "~/domain/analytics/export/pdf";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { appUrl } from "~/server/runtime";
import { GateFull } from "~/domain/security/concurrency-gate";
import { rateLimited, securityLimits, tooManyMessage } from "~/server/security/limits";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Dashboard pages that may be printed (paths inside the app, never another host). */
const printable = /^\/(costs|breakdown|heatmap|commitments|budgets|showback|anomalies|recommendations|dashboards\/[0-9a-f-]{36})?(\?[^#]*)?$/;

export const exportsRouter = createTRPCRouter({
  pdf: protectedProcedure.input(z.object({ path: z.string().max(4000) })).mutation(async ({ ctx, input }) => {
    // every request counts, refused ones too: each may start a Chromium
    const { exportsUser, pdfGate } = securityLimits();
    const wait = await rateLimited([[exportsUser, ctx.session.user.id]]);
    if (wait) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: tooManyMessage(wait) });
    if (!printable.test(input.path)) throw new TRPCError({ code: "BAD_REQUEST", message: `Only dashboard pages can be printed, not ${input.path}` });
    const url = new URL(input.path, appUrl()).toString();
    try {
      // each print is a Chromium: a few at once, a short queue, and a clear refusal beyond it
      const pdf = await pdfGate.run(() =>
        printPageToPdf({ url, cookie: ctx.headers.get("cookie") ?? "", authorization: ctx.user?.via === "token" ? (ctx.headers.get("authorization") ?? undefined) : undefined }),
      );
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "export.pdf", target: input.path, details: { bytes: pdf.length } });
      return { base64: Buffer.from(pdf).toString("base64"), bytes: pdf.length };
    } catch (e) {
      if (e instanceof GateFull) {
        throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many PDF exports are being printed right now; try again in a minute" });
      }
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `PDF printing failed: ${(e as Error).message.split("\n")[0]}`, cause: e });
    }
  }),
});
