import { count } from "drizzle-orm";
import { users } from "../../src/domain/db/schema";
import type { Runtime } from "../../src/domain/runtime";

import type { SelfCheckResult } from "../../src/domain/workflows/contract";

export function createSelfCheckActivities(rt: Runtime) {
  return {
    /** Proves a worker can reach both stores; used by `abi health --deep` and the infrastructure page. */
    async touchStores(): Promise<SelfCheckResult> {
      const rs = await rt.ch.query({ query: "SELECT version() AS v", format: "JSONEachRow" });
      const [row] = await rs.json<{ v: string }>();
      const [n] = await rt.db.select({ n: count() }).from(users);
      return { clickhouseVersion: row?.v ?? "unknown", users: Number(n?.n ?? 0), workerPid: process.pid };
    },
  };
}
