import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { Suspense } from "react";
import { Sidebar } from "~/components/sidebar";
import { QuarantineNote } from "./_dashboard/quarantine-note";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerAuthSession();
  if (!session) {
    const path = (await headers()).get("x-abi-path") ?? "/";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  return (
    <div className="shell">
      <Sidebar user={session.user} />
      <main className="main">
        <Suspense>
          <QuarantineNote />
        </Suspense>
        {children}
      </main>
    </div>
  );
}
