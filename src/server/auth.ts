import "server-only";
import { eq } from "drizzle-orm";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { users, type Role } from "~/domain/db/schema";
import { recordAudit } from "~/domain/audit/record";
import { verifyPassword } from "~/domain/auth/passwords";
import { env } from "~/domain/runtime/env";
import { getRuntime } from "./runtime";
import { resolveAuthSecret } from "./auth-secret";
import { clientAddress, userAgent } from "./request-ip";

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
        const email = parsed.data.email.toLowerCase();
        const headers = req?.headers ?? {};
        const from = { ip: clientAddress(headers), userAgent: userAgent(headers) };
        const [user] = await db.select().from(users).where(eq(users.email, email));
        if (!user || user.disabled || !user.passwordHash || !(await verifyPassword(parsed.data.password, user.passwordHash))) {
          await recordAudit(db, { ...from, action: "auth.sign_in_failed", target: email });
          return null;
        }
        await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
        await recordAudit(db, { ...from, actor: { id: user.id, email: user.email }, action: "auth.sign_in" });
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
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
