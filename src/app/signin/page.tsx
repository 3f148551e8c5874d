import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { safeCallbackPath } from "~/server/security/safe-callback";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths on this site: anything else (another host, "/\\host", a scheme) would be an open redirect.
  const target = safeCallbackPath(callbackUrl);
  if (await getServerAuthSession()) redirect(target);
  return (
    <main className="center">
      <div className="panel signin">
        <h1>Sign in to ABI</h1>
        <p className="muted">Azure Billing Intelligence</p>
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
