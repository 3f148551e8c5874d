import { count, eq } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import type { AbiEnv } from "../runtime/env";
import { isDemo } from "../runtime/env";
import { users } from "../db/schema";
import { recordAudit, type AuditOrigin } from "../audit/record";
import { hashPassword } from "./passwords";

/** Documented in the README; only ever created on an embedded, demo-mode install with no users. */
export const DEMO_ADMIN = { email: "admin@abi.local", password: "abi-demo-admin" } as const;

export type BootstrapResult = { created?: string; reason: string };

export async function bootstrapAdmin(db: Db, e: AbiEnv): Promise<BootstrapResult> {
  if (e.ABI_ADMIN_EMAIL && e.ABI_ADMIN_PASSWORD) {
    const email = e.ABI_ADMIN_EMAIL.toLowerCase();
    const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing.length > 0) return { reason: "admin from ABI_ADMIN_EMAIL already exists" };
    await createUser(db, { email, password: e.ABI_ADMIN_PASSWORD, role: "admin", name: "Administrator" });
    return { created: email, reason: "created from ABI_ADMIN_EMAIL / ABI_ADMIN_PASSWORD" };
  }
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(users);
  if (n > 0) return { reason: "users exist" };
  if (isDemo(e) && e.postgresMode === "embedded") {
    await createUser(db, { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, role: "admin", name: "Demo admin" });
    return { created: DEMO_ADMIN.email, reason: "embedded demo mode" };
  }
  return { reason: "no users yet: set ABI_ADMIN_EMAIL and ABI_ADMIN_PASSWORD to create the first admin" };
}

export async function createUser(
  db: Db,
  input: { email: string; password: string; role: "admin" | "analyst" | "viewer"; name?: string },
  origin: AuditOrigin = {},
) {
  const [user] = await db
    .insert(users)
    .values({ email: input.email.toLowerCase(), name: input.name ?? "", role: input.role, passwordHash: await hashPassword(input.password) })
    .returning({ id: users.id, email: users.email, role: users.role });
  await recordAudit(db, { ...origin, action: "user.create", target: user!.email, details: { role: input.role } });
  return user!;
}
