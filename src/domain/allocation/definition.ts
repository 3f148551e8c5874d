/**
 * An allocation rule's definition (one version): the shared cost pool and how it is split.
 * Checked once at the edge (tRPC input) and again when read back from PostgreSQL.
 */
import { z } from "zod";
import { filterSchema } from "../analytics/filters";
import { parseDimension } from "../analytics/dimensions";
import { toScaled } from "../analytics/decimal";

/** Team of a row without a team tag, and of pool cost no team can take. */
export const UNASSIGNED_TEAM = "(unassigned)";

export const poolSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("subscription"), value: z.string().min(1).max(500) }),
  z.object({ kind: z.literal("service"), value: z.string().min(1).max(500) }),
  /** Rows without a team tag (the team key, normalised). */
  z.object({ kind: z.literal("untagged") }),
  /** Any slice of the explorer's dimensions. */
  z.object({ kind: z.literal("filter"), filters: z.array(filterSchema).min(1).max(20) }),
]);
export type Pool = z.infer<typeof poolSchema>;

const percent = z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, "a percentage has at most 4 decimals, e.g. 33.3333");

export const definitionSchema = z
  .object({
    pool: poolSchema,
    method: z.enum(["fixed", "proportional"]),
    /** Fixed split: team (a team tag value) → percentage; must sum to exactly 100. */
    shares: z.array(z.object({ team: z.string().min(1).max(300), percent })).max(200).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.pool.kind === "filter") {
      for (const f of d.pool.filters) {
        try {
          parseDimension(f.dim);
        } catch (e) {
          ctx.addIssue({ code: "custom", path: ["pool", "filters"], message: (e as Error).message });
        }
      }
    }
    if (d.method === "fixed") {
      if (d.shares.length === 0) ctx.addIssue({ code: "custom", path: ["shares"], message: "a fixed split needs at least one team" });
      const teams = new Set(d.shares.map((s) => s.team));
      if (teams.size !== d.shares.length) ctx.addIssue({ code: "custom", path: ["shares"], message: "each team may appear only once" });
      const sum = d.shares.reduce((a, s) => a + toScaled(s.percent), 0n);
      if (sum !== toScaled("100")) {
        const text = (Number(sum / 10n ** 14n) / 10_000).toString();
        ctx.addIssue({ code: "custom", path: ["shares"], message: `the percentages must sum to 100, they sum to ${text}` });
      }
    }
  });
export type Definition = z.infer<typeof definitionSchema>;

/** First day of a month, "YYYY-MM-01". */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "a month is given as YYYY-MM-01");

export function poolLabel(p: Pool): string {
  switch (p.kind) {
    case "subscription":
      return `subscription ${p.value}`;
    case "service":
      return `service ${p.value}`;
    case "untagged":
      return "untagged spend";
    case "filter":
      return p.filters.map((f) => `${f.dim} ${f.op === "in" ? "in" : "not in"} ${f.values.map((v) => (v === "" ? "(none)" : v)).join(", ")}`).join(" and ");
  }
}
