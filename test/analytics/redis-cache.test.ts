import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { freePort } from "~/domain/runtime/free-port";
import { resetEnvCache } from "~/domain/runtime/env";
import { RedisStore } from "~/domain/analytics/redis-store";
import { resultStore, invalidateResultCache } from "~/domain/analytics/cache";
import { costExplorer } from "~/domain/analytics/explorer";
import { refreshRollups } from "~/domain/analytics/rollups";
import { onAnalyticsQuery } from "~/domain/analytics/run";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";
import { insertFocusRows } from "./focus-rows";
import { redisProbe } from "~/domain/runtime/health";

let redis: ChildProcess;
let url: string;
let ch: ClickHouseClient;

beforeAll(async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-redis-"));
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => net.connect(port, "127.0.0.1").once("connect", function (this: net.Socket) { this.destroy(); r(true); }).once("error", () => r(false)));
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.REDIS_URL = url;
  resetEnvCache();
  ({ ch } = await freshClickHouse());
});

afterAll(async () => {
  await ch?.close();
  redis?.kill("SIGTERM");
});

describe("Redis result cache (REDIS_URL)", () => {
  it("stores, returns and clears results on a real Redis server", async () => {
    const store = new RedisStore(url);
    await store.set("k", [{ a: "1.10" }]);
    expect(await store.get("k")).toEqual([{ a: "1.10" }]);
    await store.clear();
    expect(await store.get("k")).toBeUndefined();
    await store.close();
  });

  it("serves dashboard queries through Redis and forgets them when new data lands", async () => {
    expect(resultStore()).toBeInstanceOf(RedisStore);
    invalidateResultCache();
    const seen: { name: string; cached: boolean }[] = [];
    const off = onAnalyticsQuery((q) => seen.push(q));
    const ctx = { ch, scope: UNRESTRICTED_SCOPE, cache: true };
    const input = { from: "2031-05-01", to: "2031-05-31" };
    await insertFocusRows(ch, [{ day: "2031-05-02", cost: "1.50", source: "s", currency: "USD" }]);
    await refreshRollups(ch, { sourceId: "s", billingMonth: "2031-05-01" });
    const first = await costExplorer(ctx, input);
    const again = await costExplorer(ctx, input);
    expect(again).toEqual(first);
    expect(seen.filter((q) => q.name === "explorer.groups").map((q) => q.cached)).toEqual([false, true]);

    await insertFocusRows(ch, [{ day: "2031-05-03", cost: "2.25", source: "s", currency: "USD" }]);
    await refreshRollups(ch, { sourceId: "s", billingMonth: "2031-05-01" });
    const after = await costExplorer(ctx, input);
    off();
    expect(after.totals.map((t) => [t.currency, t.value])).toEqual([["USD", "3.75"]]);
  });

  it("the health check reads the server's version, and a closed port fails", async () => {
    expect((await redisProbe(url)).version).toMatch(/^\d+\.\d+/);
    await expect(redisProbe(`redis://127.0.0.1:${await freePort()}`)).rejects.toThrow();
  });
});
