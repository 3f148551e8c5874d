import crypto from "node:crypto";
import pg from "pg";

/**
 * Server-mode integration tests need a real PostgreSQL and a real Temporal server;
 * scripts/test-all.sh starts both and exports TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS.
 * In CI their absence is an error, not a skip.
 */
export function serverMode(): { databaseUrl: string; temporalAddress: string } | undefined {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  if (databaseUrl && temporalAddress) return { databaseUrl, temporalAddress };
  if (process.env.CI) throw new Error("TEST_DATABASE_URL and TEST_TEMPORAL_ADDRESS must be set in CI (scripts/test-all.sh sets them)");
  return undefined;
}

/** A new, empty database on the test PostgreSQL server; returns its URL. */
export async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `abi_test_${crypto.randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
