import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";

const { touchStores } = proxyActivities<Activities>({
  startToCloseTimeout: "30 seconds",
  retry: { maximumAttempts: 3 },
});

export async function selfCheck() {
  return touchStores();
}
