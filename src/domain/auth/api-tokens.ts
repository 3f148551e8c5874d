import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { apiTokens } from "../db/schema";
import { loadAccountState, type AccountState } from "./account-state";
import { recordAudit } from "../audit/record";

/** `abi_` + 32 random bytes in base64url: recognisable in logs and secret scanners. */
export const TOKEN_PATTERN = /^abi_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;
/** lastUsedAt is written at most this often per token, so a busy script does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const TOKEN_REFUSALS = {
  malformed: "The API token is not valid (expected abi_ followed by 43 characters)",
  unknown: "The API token is not valid or has been revoked",
  expired: "The API token has expired; create a new one under Settings → API tokens",
  disabled: "The API token's owner is disabled",
} as const;

type Actor = { id: string; email: string; ip?: string | null; userAgent?: string | null };

export async function createApiToken(db: Db, owner: Actor, input: { name: string; expiresAt?: Date }) {
  const token = `abi_${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: owner.id, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH), expiresAt: input.expiresAt ?? null })
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt });
  await recordAudit(db, { actor: owner, ip: owner.ip, userAgent: owner.userAgent, action: "token.create", target: row!.name, details: { tokenId: row!.id, prefix: row!.prefix, expiresAt: input.expiresAt?.toISOString() ?? null } });
  return { ...row!, token };
}

export function listApiTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the owner's own tokens; undefined when the owner has no such live token. */
export async function revokeApiToken(db: Db, owner: Actor, tokenId: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, owner.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
  if (row) await recordAudit(db, { actor: owner, ip: owner.ip, userAgent: owner.userAgent, action: "token.revoke", target: row.name, details: { tokenId: row.id, prefix: row.prefix } });
  return row;
}

/**
 * Revokes every live token of a user (an admin's "End sessions": a token made by whoever held the
 * session must not outlive it). Returns how many were revoked; the caller audits.
 */
export async function revokeAllApiTokens(db: Db, userId: string, at = new Date()): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

export type TokenResolution = { account: AccountState } | { refusal: string };

/** The owner a bearer token acts as (current role and state), or why it is refused. */
export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<TokenResolution> {
  if (!TOKEN_PATTERN.test(token)) return { refusal: TOKEN_REFUSALS.malformed };
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row || row.revokedAt) return { refusal: TOKEN_REFUSALS.unknown };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { refusal: TOKEN_REFUSALS.expired };
  const account = await loadAccountState(db, row.userId);
  if (!account || account.disabled) return { refusal: TOKEN_REFUSALS.disabled };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    // The condition makes concurrent requests write once.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
  return { account };
}
