import "server-only";
import { headers } from "next/headers";
import type { NextAuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Role } from "~/domain/db/schema";
import { signInWithPassword } from "~/domain/auth/sign-in";
import { SignInRefused } from "~/domain/security/sign-in-throttle";
import { env } from "~/domain/runtime/env";
import { signInWithIdentity } from "~/domain/auth/oidc-accounts";
import { getRuntime } from "./runtime";
import { resolveAuthSecret } from "./auth-secret";
import { identityFromClaims, nextAuthIdentityProviders } from "./identity-providers";
import { resolveRequestIdentity } from "./current-user";
import { resolveAccess } from "~/domain/access/resolve-access";
import { clientAddress, userAgent } from "./security/client-address";
import { securityLimits } from "./security/limits";
import { safeRedirect } from "./security/safe-callback";

const headerValue = (headers: Record<string, unknown> | undefined, name: string) => {
  const v = headers?.[name];
  return typeof v === "string" ? v : undefined;
};

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role: Role;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** Milliseconds; set once at sign-in (iat changes whenever next-auth re-issues the cookie). */
    signedInAt?: number;
  }
}

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

const buildAuthOptions = (): NextAuthOptions => ({
  secret: resolveAuthSecret(env()),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { db } = await getRuntime();
        const address = clientAddress((name) => headerValue(req?.headers, name));
        try {
          return await signInWithPassword(db, securityLimits().signIn, { ...parsed.data, address });
        } catch (e) {
          // a thrown message becomes signIn()'s `error` in the browser: ours (locked, throttled) or a generic one
          if (e instanceof SignInRefused) throw e;
          console.error("sign-in failed:", e);
          throw new Error("Sign-in failed on the server; the server log has the details");
        }
      },
    }),
    ...nextAuthIdentityProviders(env()),
  ],
  callbacks: {
    redirect: safeRedirect,
    async signIn({ user, account, profile }) {
      if (!account || account.type !== "oauth") return true;
      const { db } = await getRuntime();
      // The provider's callback request: its address goes into the audit rows, as for passwords.
      const h = await headers();
      const address = clientAddress((n) => h.get(n));
      const meta = { ip: address === "unknown" ? null : address, userAgent: userAgent((n) => h.get(n)) };
      const result = await signInWithIdentity(db, identityFromClaims(env(), account.provider, (profile ?? {}) as Record<string, unknown>), meta);
      if ("refusal" in result) return false;
      // The session's subject is the ABI user id, not the provider's subject.
      Object.assign(user, { id: result.account.id, email: result.account.email, name: result.account.name, role: result.account.role });
      return true;
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        role: token.role ?? "viewer",
      };
      return session;
    },
  },
});

let options: NextAuthOptions | undefined;
/** Built on first use, after the environment (and data directory) is known. */
export function authOptions(): NextAuthOptions {
  options ??= buildAuthOptions();
  return options;
}

/**
 * The signed-in user for pages and server components, read from PostgreSQL on every request
 * (effective role; null when disabled or the session was ended). See current-user.ts.
 */
export async function getServerAuthSession(): Promise<Session | null> {
  const identity = await resolveRequestIdentity(await headers());
  if (!("user" in identity)) return null;
  const { id, email, name, role, dataAccess } = identity.user;
  // Pages and the sidebar show what the effective role allows (the user's role raised by grants).
  const access = await resolveAccess((await getRuntime()).db, id, { role, dataAccess, disabled: false }).catch(() => undefined);
  if (!access) return null;
  return { user: { id, email, name, role: access.role }, expires: "" };
}
