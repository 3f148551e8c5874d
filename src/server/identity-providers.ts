import "server-only";
import type { Provider } from "next-auth/providers/index";
import AzureADProvider from "next-auth/providers/azure-ad";
import type { AbiEnv } from "~/domain/runtime/env";
import type { OidcIdentity } from "~/domain/auth/oidc-accounts";

type Claims = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
const claimList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

/** The identity providers the environment configures (env.ts insists each is set completely). */
export function identityProviders(e: AbiEnv): { id: string; name: string }[] {
  return [
    ...(e.AZURE_AD_TENANT_ID ? [{ id: "azure-ad", name: "Microsoft Entra ID" }] : []),
    ...(e.OIDC_ISSUER ? [{ id: "oidc", name: e.OIDC_NAME }] : []),
  ];
}

const profileUser = (p: Claims) => ({
  id: String(p.sub),
  email: str(p.email) ?? str(p.preferred_username) ?? "",
  name: str(p.name) ?? str(p.preferred_username) ?? "",
  role: "viewer" as const,
});

export function nextAuthIdentityProviders(e: AbiEnv): Provider[] {
  const list: Provider[] = [];
  if (e.AZURE_AD_TENANT_ID && e.AZURE_AD_CLIENT_ID && e.AZURE_AD_CLIENT_SECRET) {
    list.push(
      AzureADProvider({
        tenantId: e.AZURE_AD_TENANT_ID,
        clientId: e.AZURE_AD_CLIENT_ID,
        clientSecret: e.AZURE_AD_CLIENT_SECRET,
        authorization: { params: { scope: "openid profile email" } },
        // The default profile also fetches a photo from Microsoft Graph; ABI needs only the ID token.
        profile: (p) => profileUser(p as Claims),
      }),
    );
  }
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: e.OIDC_SCOPE } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p: Claims) => profileUser(p),
    });
  }
  return list;
}

/** The ID-token claims ABI uses, per provider. */
export function identityFromClaims(e: AbiEnv, provider: string, claims: Claims): OidcIdentity {
  const entra = provider === "azure-ad";
  return {
    provider,
    subject: String(claims.sub ?? ""),
    email: str(claims.email) ?? (entra ? str(claims.preferred_username) : undefined),
    // Entra ID marks a domain-verified e-mail with the optional claim xms_edov; others use email_verified.
    emailVerified: entra ? claims.xms_edov === true || claims.xms_edov === "1" : claims.email_verified === true,
    name: str(claims.name) ?? str(claims.preferred_username) ?? "",
    groups: claimList(claims[entra ? "groups" : e.OIDC_GROUPS_CLAIM]),
  };
}
