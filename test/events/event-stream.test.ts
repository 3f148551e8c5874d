import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { runAbi } from "../helpers/run-abi";
import { adminCaller } from "../helpers/admin-caller";
import { readTopic, startKafka, type ConsumedMessage } from "../support/kafka-broker";
import { ingestFiles } from "~/domain/ingest";
import { eventPublisher, eventStats, producerConfig, resetEventPublisher, brokerHealth, kafkaSettingsFromEnv, KafkaEventPublisher } from "~/domain/events";
import { checkHealth } from "~/domain/runtime/health";
import { env, resetEnvCache } from "~/domain/runtime/env";
import { freePort } from "~/domain/runtime/free-port";
import type { Runtime } from "~/domain/runtime";
import { dataSources } from "~/domain/db/schema";
import { evaluateAlertRules } from "~/domain/alerts/evaluate-rules";

/**
 * Issue 13 item 4: ABI publishes run, budget (and alert) events to a real Apache Kafka broker
 * (KRaft, scripts/kafka-broker.sh). Expected numbers come from SQL over the fixture file itself.
 */
const fixture = path.resolve("test/fixtures/focus-sample/focus-1.2-azure-sample.csv");
const topic = `abi.events.test-${process.pid}`;
let kafka: Awaited<ReturnType<typeof startKafka>>;
let rt: Runtime;

function useBrokers(brokers: string, t = topic) {
  process.env.KAFKA_BROKERS = brokers;
  process.env.KAFKA_TOPIC = t;
  resetEnvCache();
}

beforeAll(async () => {
  kafka = await startKafka();
  rt = await freshEmbeddedRuntime("events", ["KAFKA_BROKERS", "KAFKA_TOPIC"]);
  useBrokers(kafka.brokers);
  await resetEventPublisher();
}, 240_000);

afterAll(async () => {
  await resetEventPublisher();
  await rt?.close();
  await kafka?.stop();
  delete process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_TOPIC;
  resetEnvCache();
});

let admin: Awaited<ReturnType<typeof adminCaller>> | undefined;
const adminOnce = async () => (admin ??= await adminCaller(rt));

const ofType = (type: string) => (m: ConsumedMessage[]) => m.filter((x) => x.value.type === type);

describe("event stream to Kafka", () => {
  it("a completed ingestion run is published as run.completed keyed by source, with months, rows and cost totals", async () => {
    // Oracle: the fixture read with SQL (no ABI code), one billing period, USD only.
    const rs = await rt.ch.query({
      query: `SELECT count() AS n, toString(sum(toDecimal128(BilledCost, 10))) AS billed, toString(sum(toDecimal128(EffectiveCost, 10))) AS effective,
                     arraySort(groupUniqArray(substring(BillingPeriodStart, 1, 7))) AS months, any(BillingCurrency) AS currency
              FROM file({p:String}, 'CSVWithNames') SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0, schema_inference_make_columns_nullable = 0`,
      query_params: { p: fixture },
      format: "JSONEachRow",
    });
    const [want] = await rs.json<{ n: string; billed: string; effective: string; months: string[]; currency: string }>();

    const report = await ingestFiles(rt.ch, { sourceId: "kafka-src", files: [fixture] });
    expect(await eventPublisher()!.flush(20_000)).toBe(true);

    const msgs = ofType("run.completed")(await readTopic(kafka.brokers, topic, (m) => ofType("run.completed")(m).length >= 1));
    expect(msgs).toHaveLength(1);
    const [m] = msgs;
    expect(m!.key).toBe("kafka-src");
    expect(m!.headers).toEqual({ "abi-event-type": "run.completed", "abi-event-version": "1" });
    expect(m!.value).toMatchObject({ version: 1, type: "run.completed", runId: report.runId, sourceId: "kafka-src", months: want!.months });
    expect(m!.value.rows).toEqual({ in: Number(want!.n), loaded: Number(want!.n), quarantined: 0, excluded: 0 });
    const totals = m!.value.totals as { currency: string; billedCost: string; effectiveCost: string }[];
    expect(totals.map((t) => t.currency)).toEqual([want!.currency]);
    expect(Number(totals[0]!.billedCost)).toBeCloseTo(Number(want!.billed), 8);
    expect(Number(totals[0]!.effectiveCost)).toBeCloseTo(Number(want!.effective), 8);
    expect(Date.parse(String(m!.value.occurredAt))).not.toBeNaN();
  });

  it("a failed run is published as run.failed with the error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-events-"));
    const empty = path.join(dir, "header-only.csv");
    fs.writeFileSync(empty, fs.readFileSync(fixture, "utf8").split("\n")[0] + "\n");
    await expect(ingestFiles(rt.ch, { sourceId: "kafka-broken", files: [empty] })).rejects.toThrow(/no data rows/);
    expect(await eventPublisher()!.flush(20_000)).toBe(true);
    const msgs = ofType("run.failed")(await readTopic(kafka.brokers, topic, (m) => ofType("run.failed")(m).length >= 1));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.key).toBe("kafka-broken");
    expect(msgs[0]!.value).toMatchObject({ version: 1, type: "run.failed", sourceId: "kafka-broken", error: expect.stringMatching(/header-only\.csv.*no data rows/) });
  });

  it("budget created, changed and deleted are published keyed by the budget id", async () => {
    const caller = await adminOnce();
    const input = { name: "Kafka budget", filters: [], amount: "1000", currency: "USD", period: "monthly" as const, metric: "EffectiveCost" as const, thresholds: [80, 100] };
    const created = (await caller.budgets.create(input))!;
    await caller.budgets.update({ ...input, id: created.id, amount: "1500" });
    await caller.budgets.remove({ id: created.id });
    expect(await eventPublisher()!.flush(20_000)).toBe(true);
    const isBudget = (m: ConsumedMessage[]) => m.filter((x) => String(x.value.type).startsWith("budget."));
    const msgs = isBudget(await readTopic(kafka.brokers, topic, (m) => isBudget(m).length >= 3));
    expect(msgs.map((x) => x.value.type)).toEqual(["budget.created", "budget.changed", "budget.deleted"]);
    expect(msgs.every((x) => x.key === created.id)).toBe(true);
    const changed = msgs[1]!.value as { budget: { amount: string }; before: { amount: string }; actor: { email: string } };
    expect(Number(changed.budget.amount)).toBe(1500);
    expect(Number(changed.before.amount)).toBe(1000);
    expect(changed.actor.email).toBe("admin@example.com");
  });

  it("an alert that opens and resolves is published as alert.opened / alert.resolved keyed by its rule", async () => {
    const admin = await adminOnce();
    const [source] = await rt.db.insert(dataSources).values({ name: "kafka-nightly", plugin: "file-upload", config: {} }).returning();
    const rule = await admin.alertRules.create({ name: "Kafka runs", kind: "run_failed", params: { sourceId: source!.id } });
    await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "kafka-run-1", ok: false, error: "the export had no header" });
    await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "kafka-run-2", ok: true });
    expect(await eventPublisher()!.flush(20_000)).toBe(true);
    const ofRule = (m: ConsumedMessage[]) => m.filter((x) => x.key === rule.id);
    const msgs = ofRule(await readTopic(kafka.brokers, topic, (m) => ofRule(m).length >= 2));
    expect(msgs.map((x) => x.value.type)).toEqual(["alert.opened", "alert.resolved"]);
    expect(msgs[0]!.value).toMatchObject({ ruleId: rule.id, ruleName: "Kafka runs", kind: "run_failed", period: "kafka-run-1", summary: 'Ingestion run of "kafka-nightly" failed' });
    expect((msgs[0]!.value as { values: Record<string, string> }).values.Error).toBe("the export had no header");
  });

  it("`abi ingest` (a process that exits right after the run) still delivers its run.completed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-events-cli-"));
    const r = await runAbi(dataDir, ["ingest", fixture, "--source", "kafka-cli"], { KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC: topic });
    expect(r.code, r.stderr).toBe(0);
    const runId = /^run ([0-9a-f-]{36}):/m.exec(r.stdout)?.[1];
    expect(runId, r.stdout).toBeTruthy();
    const ofRun = (m: ConsumedMessage[]) => m.filter((x) => x.value.runId === runId);
    const msgs = ofRun(await readTopic(kafka.brokers, topic, (m) => ofRun(m).length >= 1, 15_000));
    expect(msgs.map((x) => x.value.type)).toEqual(["run.completed"]);
    // keyed by the source's id (the CLI names sources; --source kafka-cli is registered under an id)
    expect(msgs[0]!.key).toBe(msgs[0]!.value.sourceId);
  });

  it("the producer is idempotent, and the broker's health shows brokers, controller and the topic", async () => {
    expect(producerConfig).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
    const h = await brokerHealth(kafkaSettingsFromEnv(env())!);
    expect(h).toMatchObject({ ok: true, mode: "server", details: { brokers: 1, controller: 1, topic, topicExists: true } });
    expect(eventStats()).toMatchObject({ dropped: 0, buffered: 0 });
    expect(eventStats()!.published).toBeGreaterThanOrEqual(5);
    const report = await checkHealth({ env: env(), clickhouse: rt.ch, db: rt.db, temporal: () => Promise.reject(new Error("not started in this test")) });
    expect(report.services.kafka).toMatchObject({ ok: true, details: { topicExists: true } });
  });

  it("a broker that is down neither fails nor holds up an ingestion: the event is kept, the error counted", async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    await resetEventPublisher();
    useBrokers(dead);
    const started = Date.now();
    const report = await ingestFiles(rt.ch, { sourceId: "kafka-down", files: [fixture] });
    const ingestMs = Date.now() - started;
    expect(report.rows.loaded).toBeGreaterThan(0);
    expect(ingestMs).toBeLessThan(60_000);
    await expect.poll(() => eventStats()?.failedAttempts ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(eventStats()).toMatchObject({ buffered: 1, published: 0 });
    expect(eventStats()!.lastError).toBeTruthy();
    const health = await brokerHealth(kafkaSettingsFromEnv(env())!);
    expect(health.ok).toBe(false);
    expect(health.error).toBeTruthy();
    await resetEventPublisher();
    useBrokers(kafka.brokers);
  });

  it("the buffer is bounded: past its size the oldest events are dropped and counted", async () => {
    const p = new KafkaEventPublisher({ brokers: [`127.0.0.1:${await freePort()}`], topic, clientId: "abi-test", ssl: false }, { maxBuffered: 2, log: () => undefined });
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) p.publish({ key: `k${i}`, event: { version: 1, type: "alert.resolved", id: `e${i}`, occurredAt: new Date().toISOString(), ruleId: `k${i}`, ruleName: "r", alertId: "a", kind: "budget", period: "2026-11", summary: "s" } });
    expect(performance.now() - t0).toBeLessThan(50); // publish never waits for the broker
    expect(p.stats()).toMatchObject({ dropped: 3, buffered: 2 });
    await p.close();
  });
});
