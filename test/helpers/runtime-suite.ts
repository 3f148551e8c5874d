import fs from "node:fs";
import { executeWorkflow } from "~/domain/workflows/client";
import { workflows } from "~/domain/workflows/contract";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, migrateAll, type Runtime } from "~/domain/runtime";
import { checkHealth } from "~/domain/runtime/health";
import { bootstrapAdmin, createUser, DEMO_ADMIN } from "~/domain/auth/bootstrap";
import { verifyPassword } from "~/domain/auth/passwords";
import { users } from "~/domain/db/schema";
import { temporalClient } from "~/domain/runtime/temporal";
import { loadWorkerModule } from "~/domain/runtime/worker-loader";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { freshPostgresDatabase, serverMode } from "./server-mode";

type Mode = "embedded" | "server";

/**
 * The same runtime checks for both modes: embedded (chDB + PGlite + a Temporal dev server we
 * start) and server (chDB + a real PostgreSQL 15 + a separately started Temporal server).
 */
export function runtimeSuite(mode: Mode) {
  const server = mode === "server" ? serverMode() : undefined;
  const suite = mode === "server" && !server ? describe.skip : describe;

  suite(`runtime in ${mode} mode`, () => {
    let rt: Runtime;
    const workerStop = new AbortController();
    let workerDone: Promise<void> | undefined;

    beforeAll(async () => {
      process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${mode}-`));
      process.env.ABI_ADMIN_EMAIL = "Root@Example.com";
      process.env.ABI_ADMIN_PASSWORD = "correct horse battery";
      if (server) {
        process.env.DATABASE_URL = await freshPostgresDatabase(server.databaseUrl);
        process.env.TEMPORAL_ADDRESS = server.temporalAddress;
        process.env.TEMPORAL_TASK_QUEUE = `abi-test-${process.pid}`;
      }
      resetEnvCache();
      rt = await openRuntime({ migrate: true });
    });

    afterAll(async () => {
      workerStop.abort();
      await workerDone?.catch(() => undefined);
      await rt?.close();
    });

    it("applies both migration sets once", async () => {
      const again = await migrateAll(rt);
      expect(again.clickhouse).toEqual([]);
      const rs = await rt.ch.query({ query: "SELECT count() AS n FROM abi_schema_migrations", format: "JSONEachRow" });
      const [row] = await rs.json<{ n: string }>();
      expect(Number(row?.n)).toBe(fs.readdirSync("clickhouse/migrations").filter((f) => f.endsWith(".sql")).length);
      const tables = await rt.db.execute(`select table_name from information_schema.tables where table_name in ('users','audit_log')`);
      expect((tables as unknown as { rows: unknown[] }).rows).toHaveLength(2);
    });

    it("creates the first admin from the environment, with a hashed password, once", async () => {
      expect((await bootstrapAdmin(rt.db, rt.env)).created).toBe("root@example.com");
      expect((await bootstrapAdmin(rt.db, rt.env)).created).toBeUndefined();
      const [admin] = await rt.db.select().from(users).where(eq(users.email, "root@example.com"));
      expect(admin?.role).toBe("admin");
      expect(admin?.passwordHash).not.toContain("correct horse");
      expect(await verifyPassword("correct horse battery", admin!.passwordHash!)).toBe(true);
      expect(await rt.db.select().from(users).where(eq(users.email, DEMO_ADMIN.email))).toHaveLength(0);
    });

    it("reports every service healthy with its mode and version", async () => {
      const report = await checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });
      expect(report.status).toBe("ok");
      expect(report.services.clickhouse).toMatchObject({ ok: true, mode: "embedded" });
      expect(report.services.clickhouse?.version).toMatch(/^\d+\.\d+/);
      expect(report.services.postgres).toMatchObject({ ok: true, mode });
      expect(report.services.postgres?.version).toMatch(mode === "embedded" ? /PGlite/ : /^PostgreSQL 15/);
      expect(report.services.temporal).toMatchObject({ ok: true, mode });
    });

    it("runs the worker in this process and executes a workflow that reads both stores", async () => {
      const { runWorker } = await loadWorkerModule();
      workerDone = runWorker({ signal: workerStop.signal });
      const client = await temporalClient(rt.env);
      const result = await executeWorkflow(client, workflows.selfCheck, {
        args: [],
        taskQueue: rt.env.TEMPORAL_TASK_QUEUE,
        workflowId: `self-check-${mode}-${Date.now()}`,
        workflowExecutionTimeout: "2 minutes",
      });
      expect(result).toMatchObject({ workerPid: process.pid, users: 1 });
      expect(result.clickhouseVersion).toMatch(/^\d+\./);
    });

    it("enforces roles in tRPC and keeps 500s free of internals", async () => {
      // sessions of real accounts: each call resolves the user's role and scope from the database
      const [root] = await rt.db.select({ id: users.id }).from(users).where(eq(users.email, "root@example.com"));
      const viewer = await createUser(rt.db, { email: "viewer@x.io", role: "viewer", password: "a-long-password" });
      const idOf = { admin: root!.id, viewer: viewer.id };
      const caller = (role: "admin" | "viewer" | null) =>
        createCallerFactory(appRouter)({
          rt,
          db: rt.db,
          ch: rt.ch,
          headers: new Headers(),
          session: role ? { expires: "2999-01-01", user: { id: idOf[role], email: `${role}@x.io`, name: "", role } } : null,
        });
      const ghost = createCallerFactory(appRouter)({
        rt, db: rt.db, ch: rt.ch, headers: new Headers(),
        session: { expires: "2999-01-01", user: { id: "00000000-0000-0000-0000-000000000000", email: "ghost@x.io", name: "", role: "admin" } },
      });
      await expect(ghost.users.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(caller(null).system.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(caller("viewer").users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      const created = await caller("admin").users.create({ email: "ana@example.com", name: "Ana", role: "analyst", password: "a-long-password" });
      expect(created.role).toBe("analyst");
      await expect(caller("admin").users.create({ email: "ana@example.com", name: "", role: "viewer", password: "a-long-password" })).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(caller("admin").users.create({ email: "bad", name: "", role: "viewer", password: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect((await caller("admin").users.list()).map((u) => u.email)).toEqual(["ana@example.com", "root@example.com", "viewer@x.io"]);
    });
  });
}
