import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Role } from "~/domain/db/schema";
import { signInWithPassword } from "~/domain/auth/sign-in";
import { SignInRefused } from "~/domain/security/sign-in-throttle";
import { env } from "~/domain/runtime/env";
import { getRuntime } from "./runtime";
import { resolveAuthSecret } from "./auth-secret";
import { clientAddress } from "./security/client-address";
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
  }
}

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

const buildAuthOptions = (): NextAuthOptions => ({
  secret: resolveAuthSecret(env()),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
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
  ],
  callbacks: {
    redirect: safeRedirect,
    jwt({ token, user }) {
      if (user) token.role = user.role;
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

export const getServerAuthSession = () => getServerSession(authOptions());
