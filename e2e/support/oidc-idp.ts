/**
 * A real OpenID Connect provider (npm oidc-provider) for the sign-in tests, on 127.0.0.1.
 * Its development login/consent pages accept any login name; each account carries a groups claim.
 * Run: npx tsx e2e/support/oidc-idp.ts  (OIDC_IDP_PORT, OIDC_IDP_REDIRECT_URI)
 */
import Provider from "oidc-provider";

export const IDP = {
  port: Number(process.env.OIDC_IDP_PORT ?? 3129),
  clientId: "abi-e2e",
  clientSecret: "abi-e2e-client-secret-0123456789",
};
export const idpIssuer = () => `http://127.0.0.1:${IDP.port}`;

/** The groups claim of each account the login page may name; anyone else gets these defaults. */
export const IDP_ACCOUNT_GROUPS: Record<string, string[]> = { "finn@idp.example": ["finops-finance", "not-mapped"] };
const defaultGroups = ["finops-finance"];

export function createIdp(redirectUri: string) {
  const provider = new Provider(idpIssuer(), {
    clients: [
      {
        client_id: IDP.clientId,
        client_secret: IDP.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Put the scope's claims into the ID token itself (next-auth reads the ID token, not userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["e2e-idp-cookie-key-0123456789"] },
    async findAccount(_ctx, id) {
      const email = id.includes("@") ? id.toLowerCase() : `${id.toLowerCase()}@idp.example`;
      return {
        accountId: id,
        claims: async () => ({ sub: `idp|${email}`, email, email_verified: true, name: email.split("@")[0], groups: IDP_ACCOUNT_GROUPS[email] ?? defaultGroups }),
      };
    },
  });
  provider.proxy = false;
  return provider;
}

if (process.argv[1]?.endsWith("oidc-idp.ts")) {
  const redirect = process.env.OIDC_IDP_REDIRECT_URI ?? "http://localhost:3120/api/auth/callback/oidc";
  createIdp(redirect).listen(IDP.port, "127.0.0.1", () => console.log(`oidc-idp listening on ${idpIssuer()} for ${redirect}`));
}
