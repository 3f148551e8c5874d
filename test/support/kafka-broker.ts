import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { freePort } from "~/domain/runtime/free-port";

const run = promisify(execFile);
const script = path.resolve("scripts/kafka-broker.sh");

/**
 * A real single-node Apache Kafka broker (KRaft) started by scripts/kafka-broker.sh, on
 * ABI_TEST_KAFKA_PORT (controller: ABI_TEST_KAFKA_CONTROLLER_PORT) or free ports. Fails when Java,
 * Maven or the jars are missing: the event-stream tests are never skipped.
 */
export async function startKafka(): Promise<{ brokers: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-kafka-"));
  const port = Number(process.env.ABI_TEST_KAFKA_PORT) || (await freePort());
  const cport = Number(process.env.ABI_TEST_KAFKA_CONTROLLER_PORT) || (await freePort());
  await run("bash", [script, "start", dir, String(port), String(cport)], { timeout: 170_000 });
  return {
    brokers: `127.0.0.1:${port}`,
    stop: async () => {
      await run("bash", [script, "stop", dir]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ConsumedMessage = { key: string; value: Record<string, unknown>; headers: Record<string, string> };

/** Every message on `topic` from the beginning, read by a fresh consumer group until `until` holds or `timeoutMs` passes. */
export async function readTopic(brokers: string, topic: string, until: (m: ConsumedMessage[]) => boolean, timeoutMs = 30_000): Promise<ConsumedMessage[]> {
  const kafka = new Kafka({ clientId: "abi-test-consumer", brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `abi-test-${Math.random().toString(36).slice(2)}` });
  const seen: ConsumedMessage[] = [];
  // a topic nobody wrote to yet is read as empty, not as an error
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true }).finally(() => admin.disconnect());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          seen.push({ key: message.key?.toString() ?? "", value: JSON.parse(message.value!.toString()) as Record<string, unknown>, headers });
          if (until(seen)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
