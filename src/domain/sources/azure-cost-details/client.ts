import { resolveAzureConfig, type AzureCostDetailsConfig, type ResolvedAzureConfig } from "./config";
import { runCostDetailsReport } from "./generate-report";
import { EntraTokenProvider } from "./token-provider";
import type { CostDetailsReport, CostDetailsRequest } from "./types";

/** Azure Cost Management Cost Details client for one service principal. */
export class CostDetailsClient {
  readonly config: ResolvedAzureConfig;
  readonly tokens: EntraTokenProvider;

  constructor(config: AzureCostDetailsConfig) {
    this.config = resolveAzureConfig(config);
    this.tokens = new EntraTokenProvider(this.config);
  }

  /** One month of cost details for an EA or MCA scope, written as CSV files to `req.outDir`. */
  generateCostDetailsReport(req: CostDetailsRequest): Promise<CostDetailsReport> {
    return runCostDetailsReport(this.config, this.tokens, req);
  }
}

export function generateCostDetailsReport(
  config: AzureCostDetailsConfig,
  req: CostDetailsRequest,
): Promise<CostDetailsReport> {
  return new CostDetailsClient(config).generateCostDetailsReport(req);
}
