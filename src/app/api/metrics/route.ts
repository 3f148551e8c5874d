import { getRuntime } from "~/server/runtime";
import { metricsEndpoint } from "~/server/metrics-endpoint";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return metricsEndpoint(req, { rt: await getRuntime() });
}
