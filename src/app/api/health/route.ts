import { getServerAuthSession } from "~/server/auth";
import { getRuntime } from "~/server/runtime";
import { healthEndpoint } from "~/server/health-endpoint";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return healthEndpoint(req, { rt: await getRuntime(), session: getServerAuthSession });
}
