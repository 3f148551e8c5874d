"use client";

import type { RouterOutputs } from "~/trpc/react";

type Health = RouterOutputs["system"]["health"];
type Service = Health["services"][string];

const LABELS: Record<string, string> = { clickhouse: "ClickHouse", postgres: "PostgreSQL", temporal: "Temporal", s3: "S3 / MinIO", redis: "Redis" };

export function ServiceCard({ name, service }: { name: string; service: Service }) {
  return (
    <section className="panel" aria-label={`${LABELS[name] ?? name} status`} data-service={name} data-ok={service.ok}>
      <div className="row">
        <strong>{LABELS[name] ?? name}</strong>
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
          <DetailRow key={k} label={k} value={String(v)} />
        ))}
        {service.error && <DetailRow label="Error" value={service.error} />}
      </dl>
    </section>
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
