/**
 * Publishes events to Kafka in the background. `publish` only appends to a bounded in-memory
 * buffer and returns at once: an ingestion never waits for, or fails because of, the broker.
 * A single flush loop connects (creating the topic when missing), sends the buffer in batches and,
 * on failure, keeps the events and retries with backoff. When the buffer is full the oldest event
 * is dropped and counted. Errors are logged (once per failure streak) and counted.
 */
import type { Admin, Kafka, Producer } from "kafkajs";
import { kafkaClient, producerConfig, type KafkaSettings } from "./kafka-client";
import type { OutgoingEvent } from "./schema";

export type PublisherStats = {
  published: number;
  failedAttempts: number;
  dropped: number;
  buffered: number;
  lastError?: string;
  lastErrorAt?: string;
};

export type PublisherOptions = {
  maxBuffered?: number;
  batchSize?: number;
  /** Backoff after a failed flush: base × 2^n, capped. */
  backoffMs?: { base: number; max: number };
  log?: (message: string) => void;
};

export class KafkaEventPublisher {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private topicReady = false;
  private readonly buffer: OutgoingEvent[] = [];
  private flushing?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  private readonly counters = { published: 0, failedAttempts: 0, dropped: 0 };
  private lastError?: { message: string; at: string };
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly backoff: { base: number; max: number };
  private readonly log: (message: string) => void;

  constructor(
    readonly settings: KafkaSettings,
    opts: PublisherOptions = {},
  ) {
    this.kafka = kafkaClient(settings);
    this.maxBuffered = opts.maxBuffered ?? 10_000;
    this.batchSize = opts.batchSize ?? 500;
    this.backoff = opts.backoffMs ?? { base: 1_000, max: 60_000 };
    this.log = opts.log ?? ((m) => console.warn(m));
  }

  get topic(): string {
    return this.settings.topic;
  }

  publish(e: OutgoingEvent): void {
    if (this.closed) return;
    if (this.buffer.length >= this.maxBuffered) {
      this.buffer.shift();
      this.counters.dropped++;
    }
    this.buffer.push(e);
    if (!this.retryTimer) this.kick();
  }

  stats(): PublisherStats {
    return { ...this.counters, buffered: this.buffer.length, lastError: this.lastError?.message, lastErrorAt: this.lastError?.at };
  }

  /** Waits until the buffer is empty or `timeoutMs` passed; true when everything was sent. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
      }
      await this.kick();
      if (this.buffer.length > 0) await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
    }
    return this.buffer.length === 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.flushing?.catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private kick(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      // an event queued while the last batch was on its way is not left waiting for the next publish
      if (this.buffer.length > 0 && !this.retryTimer && !this.closed) void this.kick();
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const producer = await this.connected();
        const batch = this.buffer.slice(0, this.batchSize);
        await producer.send({
          topic: this.settings.topic,
          acks: -1,
          messages: batch.map(({ key, event }) => ({ key, value: JSON.stringify(event), headers: { "abi-event-type": event.type, "abi-event-version": String(event.version) } })),
        });
        this.buffer.splice(0, batch.length);
        this.counters.published += batch.length;
        if (this.failures > 0) this.log(`events: Kafka reachable again, publishing resumed (${this.buffer.length} still buffered)`);
        this.failures = 0;
      }
    } catch (err) {
      this.onFailure(err);
    }
  }

  private onFailure(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.counters.failedAttempts++;
    this.lastError = { message, at: new Date().toISOString() };
    if (this.failures === 0) this.log(`events: could not publish to Kafka (${this.settings.brokers.join(",")}): ${message}; ${this.buffer.length} event(s) kept, retrying`);
    this.failures++;
    // A broken connection is rebuilt on the next attempt.
    const producer = this.producer;
    this.producer = undefined;
    void producer?.disconnect().catch(() => undefined);
    if (this.closed) return;
    const delay = Math.min(this.backoff.max, this.backoff.base * 2 ** Math.min(this.failures - 1, 16));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.kick();
    }, delay);
    this.retryTimer.unref(); // a pending retry never keeps a process alive
  }

  private async connected(): Promise<Producer> {
    if (!this.topicReady) {
      try {
        await ensureTopic(this.kafka, this.settings.topic);
      } catch (err) {
        // A managed broker may let ABI write to its topic but not list or create topics.
        if (!String((err as { type?: unknown }).type ?? "").endsWith("AUTHORIZATION_FAILED")) throw err;
        this.log(`events: not allowed to check or create topic ${this.settings.topic} (${(err as Error).message}); publishing to it as it is`);
      }
      this.topicReady = true;
    }
    if (!this.producer) {
      const producer = this.kafka.producer(producerConfig);
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }
}

/** Creates the topic when it does not exist (one partition per broker count is left to the broker's defaults). */
export async function ensureTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
