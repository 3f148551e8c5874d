import { Suspense } from "react";
import { QuarantineView } from "./quarantine-view";

export default function QuarantinePage() {
  return (
    <Suspense>
      <QuarantineView />
    </Suspense>
  );
}
