import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { env } from "~/domain/runtime/env";
import { identityProviders } from "~/server/identity-providers";
import { safeCallbackPath } from "~/server/security/safe-callback";
import { SignInForm } from "./sign-in-form";
import { ProviderButtons } from "./provider-buttons";

// next-auth sends failed identity-provider sign-ins back here with ?error=<code>.
const providerErrors: Record<string, string> = {
  AccessDenied: "The identity provider's account may not sign in to ABI (disabled, or its e-mail belongs to another account). Ask an administrator.",
  OAuthCallback: "The identity provider's answer could not be used. Try again.",
  OAuthSignin: "The identity provider could not be reached. Try again.",
};

export const dynamic = "force-dynamic";

/** next-auth's CSRF cookie holds `token|hash`; the form posts the token back (http and https names). */
async function csrfTokenFromCookie(): Promise<string | undefined> {
  const jar = await cookies();
  const value = jar.get("__Host-next-auth.csrf-token")?.value ?? jar.get("next-auth.csrf-token")?.value;
  return value?.split("|")[0] || undefined;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only paths on this site: anything else (another host, "/\\host", a scheme) would be an open redirect.
  const target = safeCallbackPath(callbackUrl);
  if (await getServerAuthSession()) redirect(target);
  return (
    <main className="center">
      <div className="panel signin">
        <img className="logo" src="/abi-logo.svg" alt="ABI" width={120} height={40} />
        <h1>Sign in to ABI</h1>
        <p className="muted">Azure Billing Intelligence</p>
        {error && error !== "CredentialsSignin" && (
          <p className="error" role="alert">
            {providerErrors[error] ?? "Sign-in failed. Try again."}
          </p>
        )}
        <ProviderButtons providers={identityProviders(env())} callbackUrl={target} />
        <SignInForm callbackUrl={target} csrfToken={await csrfTokenFromCookie()} failed={error === "CredentialsSignin"} />
      </div>
    </main>
  );
}
