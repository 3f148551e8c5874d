export { CostDetailsClient, generateCostDetailsReport } from "./client";
export type { AzureCostDetailsConfig, AzureCredentials } from "./config";
export { AZURE_PUBLIC_ARM, AZURE_PUBLIC_AUTHORITY, COST_DETAILS_API_VERSION } from "./config";
export { costDetailsPeriod, COST_DETAILS_MONTHS_BACK } from "./billing-month";
export { scopePath, type CostDetailsScope, type CostDetailsScopeKind } from "./scopes";
export { retryAfterMs } from "./retry-after";
export { EntraTokenProvider } from "./token-provider";
export type * from "./types";
export * from "../shared/errors";
