import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { SelfCheckResult } from "../../src/domain/workflows/contract";

const { touchStores } = proxyActivities<Activities>({
  startToCloseTimeout: "30 seconds",
  retry: { maximumAttempts: 3 },
});

export async function selfCheck(): Promise<SelfCheckResult> {
  return touchStores();
}
