import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

/** next-auth's CSRF cookie holds `token|hash`; the form posts the token back (http and https names). */
async function csrfTokenFromCookie(): Promise<string | undefined> {
  const jar = await cookies();
  const value = jar.get("__Host-next-auth.csrf-token")?.value ?? jar.get("next-auth.csrf-token")?.value;
  return value?.split("|")[0] || undefined;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: an absolute callbackUrl would be an open redirect.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (await getServerAuthSession()) redirect(target);
  return (
    <main className="center">
      <div className="panel signin">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img className="logo" src="/abi-logo.svg" alt="ABI" width={120} height={40} />
        <h1>Sign in to ABI</h1>
        <p className="muted">Azure Billing Intelligence</p>
        <SignInForm callbackUrl={target} csrfToken={await csrfTokenFromCookie()} failed={error === "CredentialsSignin"} />
      </div>
    </main>
  );
}
