"use client";

import type { RouterOutputs } from "~/trpc/react";
import { formatBytes } from "~/app/(app)/ingestion/format";
import { LatencyHistoryChart } from "./charts/latency-history-chart";

type Health = RouterOutputs["system"]["health"];
type Service = NonNullable<Health["services"][keyof Health["services"]]>;
type History = RouterOutputs["system"]["healthHistory"][number];

const LABELS: Record<string, string> = {
  clickhouse: "ClickHouse",
  postgres: "PostgreSQL",
  temporal: "Temporal",
  storage: "Object storage",
  redis: "Redis",
  kafka: "Redpanda / Kafka",
};

/** Details measured in bytes (the probes report numbers; people read KiB/MiB/GiB). */
const BYTE_DETAILS = new Set(["disk used", "database size", "data directory size", "bucket size", "memory used"]);

const showDetail = (key: string, value: string | number | boolean) =>
  BYTE_DETAILS.has(key) && typeof value === "number" ? formatBytes(value) : typeof value === "number" ? value.toLocaleString("en-US") : String(value);

export function ServiceCard({ name, service, history }: { name: string; service: Service; history?: History }) {
  const label = LABELS[name] ?? name;
  return (
    <section className="panel" aria-label={`${label} status`} data-service={name} data-ok={service.ok}>
      <div className="row">
        <strong>{label}</strong>
        <span className="spacer" />
        <span className="status">
          <span className={`dot ${service.ok ? "ok" : "bad"}`} aria-hidden />
          {service.ok ? "Healthy" : "Down"}
        </span>
      </div>
      <dl style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "0.3rem 1rem", margin: "0.8rem 0 0", fontSize: "0.9rem" }}>
        <dt className="muted">Mode</dt>
        <dd style={{ margin: 0 }}>{service.mode}</dd>
        <dt className="muted">Version</dt>
        <dd style={{ margin: 0 }}>{service.version ?? "—"}</dd>
        <dt className="muted">Latency</dt>
        <dd style={{ margin: 0 }}>{service.latencyMs} ms</dd>
        {Object.entries(service.details ?? {}).map(([k, v]) => (
          <DetailRow key={k} label={k} value={showDetail(k, v)} />
        ))}
        {service.error && <DetailRow label="Error" value={service.error} />}
      </dl>
      <HealthHistory history={history} />
    </section>
  );
}

function HealthHistory({ history }: { history?: History }) {
  if (!history?.samples) return <p className="muted" style={{ fontSize: "0.8rem", margin: "0.8rem 0 0" }}>No history yet (a sample is taken every minute).</p>;
  return (
    <div data-testid="health-history" style={{ marginTop: "0.8rem" }}>
      <div className="row" style={{ fontSize: "0.8rem" }}>
        <span className="muted">Last 24 h</span>
        <span className="spacer" />
        <span data-testid="availability">
          {history.availability === null ? "—" : `${history.availability.toFixed(history.availability === 100 ? 0 : 2)} % available`} · {history.samples} samples
        </span>
      </div>
      <LatencyHistoryChart points={history.points} />
    </div>
  );
}

function DetailRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="muted">{label}</dt>
      <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{value}</dd>
    </>
  );
}
