import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * docker-compose.yml stays true to the code: every image pinned to a release, ClickHouse on the
 * embedded engine's release line, the platform bucket, the metrics token and the monitoring
 * profile; and the file passes Docker Compose's own validation (no daemon needed).
 */
type Service = { image?: string; build?: unknown; environment?: Record<string, string>; profiles?: string[]; secrets?: string[] };
const raw = fs.readFileSync("docker-compose.yml", "utf8");
const compose = parse(raw, { merge: true }) as { services: Record<string, Service>; secrets?: Record<string, { environment?: string }> };

/** A release tag: not `latest`, not a moving name; a version number or a dated release. */
const RELEASE_TAG = /^(v?\d+(\.\d+)*(-[\w.]+)?|RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)$/;

function tagOf(image: string): string | undefined {
  const name = image.split("@")[0]!;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  return colon > slash ? name.slice(colon + 1) : undefined;
}

describe("docker-compose.yml images", () => {
  const images = Object.entries(compose.services).filter(([, s]) => s.image);

  it("pins every image to a release tag (no latest, none without a tag)", () => {
    expect(images.length).toBeGreaterThan(5);
    const unpinned = images.filter(([, s]) => !RELEASE_TAG.test(tagOf(s.image!) ?? "")).map(([n, s]) => `${n}: ${s.image}`);
    expect(unpinned).toEqual([]);
  });

  it("the pin check itself refuses latest, tagless and moving tags", () => {
    for (const bad of ["minio/minio:latest", "minio/mc", "redis:alpine", "localhost:5000/abi", "grafana/grafana:main"]) expect(RELEASE_TAG.test(tagOf(bad) ?? ""), bad).toBe(false);
    for (const good of ["clickhouse/clickhouse-server:26.7", "minio/minio:RELEASE.2025-09-07T16-13-09Z", "prom/prometheus:v3.5.0", "localhost:5000/abi:1.2"]) expect(RELEASE_TAG.test(tagOf(good) ?? ""), good).toBe(true);
  });

  it("runs ClickHouse on the release line of the embedded engine (chDB)", async () => {
    const { freshClickHouse } = await import("../helpers/chdb");
    const { ch } = await freshClickHouse({ migrate: false });
    const rs = await ch.query({ query: "SELECT version() AS v", format: "JSONEachRow" });
    const [embedded] = await rs.json<{ v: string }>();
    const line = embedded!.v.split(".").slice(0, 2).join(".");
    expect(tagOf(compose.services.clickhouse!.image!)).toBe(line);
  });
});

describe("docker-compose.yml settings of the infrastructure console", () => {
  it("gives the app and workers the platform bucket and the metrics token", () => {
    for (const name of ["app", "worker"]) {
      const env = compose.services[name]!.environment!;
      expect(env.S3_BUCKET, name).toBe("abi-platform");
      expect(env.ABI_METRICS_TOKEN, name).toMatch(/^\$\{ABI_METRICS_TOKEN:\?/);
    }
    expect(raw).toMatch(/mc mb --ignore-existing local\/abi-platform/);
  });

  it("has a monitoring profile: Prometheus scraping /api/metrics with the token as a secret file, and Grafana", () => {
    expect(compose.services.prometheus?.profiles).toEqual(["monitoring"]);
    expect(compose.services.grafana?.profiles).toEqual(["monitoring"]);
    expect(compose.services.prometheus?.secrets).toEqual(["abi_metrics_token"]);
    expect(compose.secrets?.abi_metrics_token?.environment).toBe("ABI_METRICS_TOKEN");
    const prom = parse(fs.readFileSync("monitoring/prometheus.yml", "utf8")) as { scrape_configs: { metrics_path: string; authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[] };
    const job = prom.scrape_configs[0]!;
    expect(job.metrics_path).toBe("/api/metrics");
    expect(job.authorization.credentials_file).toBe("/run/secrets/abi_metrics_token");
    expect(job.static_configs[0]!.targets).toEqual(["app:3000"]);
  });

  it("passes Docker Compose's validation with and without the monitoring profile", () => {
    const out = execFileSync("bash", ["scripts/check-compose.sh"], { encoding: "utf8" });
    expect(out).toContain("is valid");
  });
});
