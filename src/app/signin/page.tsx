import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an absolute callbackUrl would be an open redirect.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
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
