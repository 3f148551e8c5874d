import { Suspense } from "react";
import { DashboardView } from "../dashboard-view";

export default async function DashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <DashboardView id={id} />
    </Suspense>
  );
}
