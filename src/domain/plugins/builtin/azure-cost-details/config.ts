import { z } from "zod";

const azureScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("eaBillingAccount"), billingAccountId: z.string().min(1) }),
  z.object({ kind: z.literal("eaDepartment"), billingAccountId: z.string().min(1), departmentId: z.string().min(1) }),
  z.object({ kind: z.literal("eaEnrollmentAccount"), billingAccountId: z.string().min(1), enrollmentAccountId: z.string().min(1) }),
  z.object({ kind: z.literal("mcaBillingProfile"), billingAccountId: z.string().min(1), billingProfileId: z.string().min(1) }),
]);

export const configSchema = z.object({
  scope: azureScope,
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  /** Both metrics are pulled so commitments are exact; ActualCost alone is allowed. */
  metrics: z.array(z.enum(["ActualCost", "AmortizedCost"])).min(1).default(["ActualCost", "AmortizedCost"]),
  authorityHost: z.url().optional(),
  resourceManagerEndpoint: z.url().optional(),
});
export const secretsSchema = z.object({ clientSecret: z.string().min(1) });

export type CostDetailsPluginConfig = z.output<typeof configSchema>;
export type CostDetailsPluginSecrets = z.output<typeof secretsSchema>;
