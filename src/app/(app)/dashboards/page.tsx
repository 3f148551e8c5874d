import { Suspense } from "react";
import { DashboardsList } from "./dashboards-list";

export default function DashboardsPage() {
  return (
    <Suspense>
      <DashboardsList />
    </Suspense>
  );
}
