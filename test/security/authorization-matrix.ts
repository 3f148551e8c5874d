/**
 * The authorisation matrix: who may call what. One row per tRPC procedure (its path in the
 * router tree) and per route handler ("METHOD /api/..."), each with the expected outcome for
 * every principal and a sample input that passes the procedure's own input check.
 *
 * Adding a procedure or a route without a row here fails authorization-matrix.test.ts.
 * To add a row: pick an access level below (or spell out the five cells) and a sample input.
 */
import type { Principal } from "./principals";

export type Outcome = "allow" | "deny";
export type Expectation = Record<Principal, Outcome>;

const level = (allowed: Principal[]): Expectation => ({
  anonymous: allowed.includes("anonymous") ? "allow" : "deny",
  viewer: allowed.includes("viewer") ? "allow" : "deny",
  scopedViewer: allowed.includes("scopedViewer") ? "allow" : "deny",
  analyst: allowed.includes("analyst") ? "allow" : "deny",
  admin: allowed.includes("admin") ? "allow" : "deny",
});

export const PUBLIC = level(["anonymous", "viewer", "scopedViewer", "analyst", "admin"]);
export const SIGNED_IN = level(["viewer", "scopedViewer", "analyst", "admin"]);
export const ANALYST = level(["analyst", "admin"]);
export const ADMIN = level(["admin"]);

/** An id no row has: allowed callers get NOT_FOUND, which is past the gate. */
export const NO_SUCH_ID = "00000000-0000-4000-8000-000000000001";
const range = { from: "2025-03-01", to: "2025-03-31" };
const noRun = { workflowId: "no-such-workflow", runId: "no-such-run" };

export type ProcedureRow = {
  expect: Expectation;
  /** A sample input; a function when each principal needs its own (unique names). */
  input?: unknown | ((p: Principal) => unknown);
};

export const PROCEDURES: Record<string, ProcedureRow> = {
  "system.health": { expect: ADMIN },
  "system.me": { expect: SIGNED_IN },
  "system.healthHistory": { expect: ADMIN },

  "users.list": { expect: ADMIN },
  "users.create": { expect: ADMIN, input: (p: Principal) => ({ email: `made-by-${p.toLowerCase()}@example.com`, name: "", role: "viewer", password: "a-long-password" }) },
  "users.update": { expect: ADMIN, input: { id: NO_SUCH_ID, role: "viewer" } },
  "users.endSessions": { expect: ADMIN, input: { id: NO_SUCH_ID } },

  "groups.list": { expect: ADMIN },
  "groups.get": { expect: ADMIN, input: { id: NO_SUCH_ID } },
  "groups.create": { expect: ADMIN, input: (p: Principal) => ({ name: `group of ${p}` }) },
  "groups.update": { expect: ADMIN, input: { id: NO_SUCH_ID, name: "renamed" } },
  "groups.remove": { expect: ADMIN, input: { id: NO_SUCH_ID } },
  "groups.addMember": { expect: ADMIN, input: { groupId: NO_SUCH_ID, userId: NO_SUCH_ID } },
  "groups.removeMember": { expect: ADMIN, input: { groupId: NO_SUCH_ID, userId: NO_SUCH_ID } },

  "grants.list": { expect: ADMIN, input: { userId: NO_SUCH_ID } },
  "grants.create": { expect: ADMIN, input: { userId: NO_SUCH_ID, role: "viewer", scopeKind: "billing_account", scopeValue: "ba-1" } },
  "grants.remove": { expect: ADMIN, input: { id: NO_SUCH_ID } },
  "grants.setDataAccess": { expect: ADMIN, input: { userId: NO_SUCH_ID, dataAccess: "all" } },
  "grants.scopeValues": { expect: ADMIN, input: { kind: "billing_account" } },

  // Every signed-in user manages their own tokens only (tests in test/identity/api-tokens.test.ts).
  "tokens.list": { expect: SIGNED_IN },
  "tokens.create": { expect: SIGNED_IN, input: (p: Principal) => ({ name: `token of ${p}` }) },
  "tokens.revoke": { expect: SIGNED_IN, input: { id: NO_SUCH_ID } },

  "audit.list": { expect: ADMIN, input: { limit: 5 } },

  "ingestion.list": { expect: ANALYST, input: { limit: 5 } },
  "ingestion.detail": { expect: ANALYST, input: noRun },
  "ingestion.runNow": { expect: ADMIN, input: { sourceId: NO_SUCH_ID, month: "2025-03" } },
  "ingestion.backfill": { expect: ADMIN, input: { sourceId: NO_SUCH_ID, from: "2025-01", to: "2025-03" } },
  "ingestion.cancel": { expect: ADMIN, input: noRun },
  "ingestion.retry": { expect: ADMIN, input: noRun },

  "storage.settings": { expect: ADMIN },
  "storage.test": { expect: ADMIN },
  "storage.createBucket": { expect: ADMIN },
  "storage.save": { expect: ADMIN, input: { endpoint: "http://127.0.0.1:9", bucket: "no-such-bucket", accessKeyId: "k", secretAccessKey: "" } },
  "storage.usage": { expect: ADMIN },
  "storage.setRetention": { expect: ADMIN, input: { sourceId: NO_SUCH_ID, days: 30 } },
  "storage.runArchive": { expect: ANALYST, input: { runId: "no-such-run" } },
  "storage.replay": { expect: ADMIN, input: { runId: "no-such-run" } },
  // The infrastructure console's workflows page (src/server/api/routers/workflows.ts).
  "workflows.executions": { expect: ADMIN, input: { limit: 5 } },
  "workflows.schedules": { expect: ADMIN },
  "workflows.pauseSchedule": { expect: ADMIN, input: { scheduleId: "no-such-schedule" } },
  "workflows.resumeSchedule": { expect: ADMIN, input: { scheduleId: "no-such-schedule" } },
  "workflows.triggerSchedule": { expect: ADMIN, input: { scheduleId: "no-such-schedule" } },

  "sources.plugins": { expect: ADMIN },
  "plugins.list": { expect: ADMIN },
  "plugins.get": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.install": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.enable": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.disable": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.upgrade": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.rollback": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "plugins.uninstall": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "marketplace.page": { expect: ADMIN, input: { id: "no-such-plugin" } },
  "marketplace.installed": { expect: ADMIN },
  "marketplace.checkSettings": { expect: ADMIN, input: { plugin: "file-upload", config: {}, secrets: {} } },

  "backups.list": { expect: ADMIN },
  "backups.start": { expect: ADMIN },
  "backups.delete": { expect: ADMIN, input: { id: "20000101T000000Z-0000" } },
  "backups.saveSchedule": { expect: ADMIN, input: { scheduleEnabled: false, hourUtc: 2, retentionDays: 14 } },
  "sources.list": { expect: ADMIN },
  "sources.get": { expect: ADMIN, input: { id: NO_SUCH_ID } },
  "sources.create": { expect: ADMIN, input: (p: Principal) => ({ name: `uploads-${p}`, plugin: "file-upload", config: {}, secrets: {} }) },
  "sources.update": { expect: ADMIN, input: { id: NO_SUCH_ID, name: "renamed" } },
  "sources.delete": { expect: ADMIN, input: { id: NO_SUCH_ID } },
  // A config the plugin refuses: answered { ok: false } without any network call.
  "sources.testConnection": { expect: ADMIN, input: { plugin: "azure-cost-details", config: {}, secrets: {} } },

  "overview.get": { expect: SIGNED_IN },
  "currency.rates": { expect: SIGNED_IN },
  "currency.summary": { expect: SIGNED_IN, input: { ...range, currency: "EUR" } },
  "currency.importRates": { expect: ADMIN, input: { fileName: "rates.csv", csv: "Date,USD,\n2025-03-03,1.25,\n" } },
  "costs.explore": { expect: SIGNED_IN, input: range },
  "costs.options": { expect: SIGNED_IN, input: range },
  "costs.dataDays": { expect: SIGNED_IN },
  "costs.values": { expect: SIGNED_IN, input: { ...range, dim: "ServiceName" } },
  "provenance.explain": { expect: SIGNED_IN, input: range },
  "breakdown.level": { expect: SIGNED_IN, input: range },
  "breakdown.heatmap": { expect: SIGNED_IN, input: range },
  "commitments.summary": { expect: SIGNED_IN, input: range },
  "commitments.contracts": { expect: SIGNED_IN },
  "recommendations.list": { expect: SIGNED_IN, input: range },
  "quarantine.cost": { expect: SIGNED_IN, input: range },
  "quarantine.rows": { expect: SIGNED_IN, input: range },

  "savedViews.list": { expect: SIGNED_IN, input: { page: "/costs" } },
  "savedViews.save": { expect: SIGNED_IN, input: (p: Principal) => ({ page: "/costs", name: `view of ${p}`, query: "groupBy=ServiceName" }) },
  "savedViews.remove": { expect: SIGNED_IN, input: { id: NO_SUCH_ID } },
  // Dashboards: every signed-in user owns their own; owner/edit/view rules in test/dashboards/.
  "dashboards.list": { expect: SIGNED_IN },
  "dashboards.get": { expect: SIGNED_IN, input: { id: NO_SUCH_ID } },
  "dashboards.create": { expect: SIGNED_IN, input: (p: Principal) => ({ name: `dashboard of ${p}`, range }) },
  "dashboards.save": { expect: SIGNED_IN, input: { id: NO_SUCH_ID, body: { name: "x", range } } },
  "dashboards.remove": { expect: SIGNED_IN, input: { id: NO_SUCH_ID } },
  "dashboards.duplicate": { expect: SIGNED_IN, input: { id: NO_SUCH_ID } },
  "dashboards.fromTemplate": { expect: SIGNED_IN, input: { key: "budget-tracking", range } },
  "dashboards.setShares": { expect: SIGNED_IN, input: { id: NO_SUCH_ID, shares: [] } },
  "dashboards.shareGroups": { expect: SIGNED_IN },
  "dashboards.widget": { expect: SIGNED_IN, input: { id: NO_SUCH_ID, widgetId: "w1" } },
  "dashboards.datasets": { expect: SIGNED_IN },

  "workbench.views": { expect: ANALYST },
  "workbench.run": { expect: ANALYST, input: { sql: "SELECT count() FROM focus" } },
  "workbench.listDatasets": { expect: ANALYST },
  "workbench.openDataset": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "workbench.saveDataset": { expect: ANALYST, input: (p: Principal) => ({ name: `dataset of ${p}`, sql: "SELECT count() AS n FROM focus", shared: false }) },
  "workbench.deleteDataset": { expect: ANALYST, input: { id: NO_SUCH_ID } },

  // A path the printer refuses (BAD_REQUEST, past the gate) so no Chromium starts per cell.
  "exports.pdf": { expect: SIGNED_IN, input: { path: "/not-a-dashboard" } },

  "alerts.list": { expect: ANALYST },
  "alerts.acknowledge": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "alerts.deliveries": { expect: ANALYST, input: { alertId: NO_SUCH_ID } },
  "alertRules.list": { expect: ANALYST },
  "alertRules.create": { expect: ANALYST, input: (p: Principal) => ({ name: `rule of ${p}`, kind: "anomaly", params: {} }) },
  "alertRules.update": { expect: ANALYST, input: { id: NO_SUCH_ID, rule: { name: "r", kind: "anomaly", params: {} } } },
  "alertRules.remove": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "alertRules.preview": { expect: ANALYST, input: { name: "r", kind: "anomaly", params: {} } },
  "alertChannels.plugins": { expect: ANALYST },
  "alertChannels.list": { expect: ANALYST },
  "alertChannels.create": { expect: ANALYST, input: (p: Principal) => ({ name: `mail of ${p}`, plugin: "email-smtp", personal: true, config: { host: "smtp.example.com", from: "abi@example.com" } }) },
  "alertChannels.update": { expect: ANALYST, input: { id: NO_SUCH_ID, channel: { name: "c", plugin: "email-smtp", personal: true } } },
  "alertChannels.remove": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "alertChannels.test": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "allocation.showback": { expect: SIGNED_IN, input: { from: "2025-03-01", to: "2025-03-01" } },
  "allocation.contributions": { expect: SIGNED_IN, input: { month: "2025-03-01", team: "alpha" } },
  "allocation.export": { expect: SIGNED_IN, input: { from: "2025-03-01", to: "2025-03-01" } },
  "allocation.rules": { expect: SIGNED_IN },
  "allocation.createRule": {
    expect: ANALYST,
    input: (p: Principal) => ({ name: `rule of ${p}`, effectiveFrom: "2025-03-01", definition: { pool: { kind: "untagged" }, method: "proportional" } }),
  },
  "allocation.updateRule": { expect: ANALYST, input: { id: NO_SUCH_ID, effectiveFrom: "2025-03-01", definition: null } },
  "allocation.recompute": { expect: ANALYST, input: { from: "2025-03-01" } },
  "allocation.settings": { expect: SIGNED_IN },
  "allocation.setTeamKey": { expect: ADMIN, input: { key: "CostCenter" } },
  "allocation.setTagAliases": { expect: ADMIN, input: { key: "CostCenter", aliases: ["costcenter"] } },
  "reports.list": { expect: ANALYST },
  "reports.create": { expect: ANALYST, input: { name: "r", page: "costs", format: "csv", frequency: "daily", timeOfDay: "07:00", timeZone: "Europe/Berlin", recipientEmails: ["x@example.com"], channelId: NO_SUCH_ID } },
  "reports.update": { expect: ANALYST, input: { id: NO_SUCH_ID, report: { name: "r", page: "costs", format: "csv", frequency: "daily", timeOfDay: "07:00", timeZone: "UTC", recipientEmails: ["x@example.com"], channelId: NO_SUCH_ID } } },
  "reports.delete": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "reports.sendNow": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "reports.deliveries": { expect: ANALYST, input: { id: NO_SUCH_ID } },
  "digest.get": { expect: SIGNED_IN },
  "digest.channels": { expect: SIGNED_IN },
  "digest.set": { expect: SIGNED_IN, input: { subscription: null } },
  "budgets.list": { expect: SIGNED_IN },
  "budgets.create": { expect: ANALYST, input: (p: Principal) => ({ name: `budget of ${p}`, amount: "100", currency: "EUR" }) },
  "budgets.update": { expect: ANALYST, input: { id: NO_SUCH_ID, name: "b", amount: "1", currency: "EUR" } },
  "budgets.remove": { expect: ANALYST, input: { id: NO_SUCH_ID } },

  "anomalies.dimensions": { expect: SIGNED_IN },
  "anomalies.list": { expect: SIGNED_IN, input: range },
  "anomalies.cause": { expect: SIGNED_IN, input: { dimension: "ServiceName", value: "Virtual Machines", currency: "EUR", day: "2025-03-05" } },
  "anomalies.setStatus": { expect: ANALYST, input: { dimension: "ServiceName", value: "Virtual Machines", day: "2025-03-05", currency: "EUR", status: "expected" } },
};

export type RouteSample = {
  /** Path and query after the origin. */
  url: string;
  body?: string;
  headers?: Record<string, string>;
  /** The dynamic segments Next passes to the handler as context.params. */
  params?: Record<string, string | string[]>;
};
export type RouteRow = { expect: Expectation; request: RouteSample };

/** Route handlers under src/app/api, keyed "METHOD /api/path" (dynamic segments as in the folder name). */
export const ROUTES: Record<string, RouteRow> = {
  "GET /api/health": { expect: PUBLIC, request: { url: "/api/health" } },
  // Only the scraper's bearer token (ABI_METRICS_TOKEN) opens it; no session does, an admin's neither.
  "GET /api/metrics": { expect: level([]), request: { url: "/api/metrics", headers: { authorization: "Bearer not-the-metrics-token" } } },

  "GET /api/auth/[...nextauth]": { expect: PUBLIC, request: { url: "/api/auth/session", params: { nextauth: ["session"] } } },
  "POST /api/auth/[...nextauth]": {
    expect: PUBLIC,
    // No CSRF token: next-auth answers with a redirect back to sign-in, for everyone alike.
    request: { url: "/api/auth/signout", params: { nextauth: ["signout"] }, body: "", headers: { "content-type": "application/x-www-form-urlencoded" } },
  },

  // The tRPC endpoint itself is open; these samples reach a signed-in-only procedure through it.
  "GET /api/trpc/[trpc]": { expect: SIGNED_IN, request: { url: "/api/trpc/system.me", params: { trpc: "system.me" } } },
  "POST /api/trpc/[trpc]": {
    expect: SIGNED_IN,
    request: {
      url: "/api/trpc/savedViews.save",
      params: { trpc: "savedViews.save" },
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { page: "/costs", name: "via http", query: "" } }),
    },
  },

  "GET /api/raw-archive": { expect: ANALYST, request: { url: "/api/raw-archive?runId=no-such-run&file=x.csv" } },
  "POST /api/uploads": {
    expect: ADMIN,
    request: { url: `/api/uploads?sourceId=${NO_SUCH_ID}`, headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x--\r\n" },
  },
  // An empty multipart body: past the gate an admin is told to choose a package (400).
  "POST /api/plugins/packages": {
    expect: ADMIN,
    request: { url: "/api/plugins/packages", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x--\r\n" },
  },
};
