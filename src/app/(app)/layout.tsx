import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { Suspense } from "react";
import { Sidebar } from "~/components/sidebar";
import { QuarantineNote } from "./_dashboard/quarantine-note";
import { DataDaysSeed } from "./_dashboard/data-days-seed";
import { initialDataDays } from "~/server/initial-data-days";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerAuthSession();
  if (!session) {
    const path = (await headers()).get("x-abi-path") ?? "/";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  const days = await initialDataDays(await headers());
  return (
    <DataDaysSeed value={days}>
    <div className="shell">
      <Sidebar user={session.user} />
      <main className="main">
        <Suspense>
          <QuarantineNote />
        </Suspense>
        {children}
      </main>
    </div>
    </DataDaysSeed>
  );
}
