import { Suspense } from "react";
import { AnomaliesView } from "./anomalies-view";

export default function Page() {
  return (
    <Suspense>
      <AnomaliesView />
    </Suspense>
  );
}
