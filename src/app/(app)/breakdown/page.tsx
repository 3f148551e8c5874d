import { Suspense } from "react";
import { BreakdownView } from "./breakdown-view";

export default function Page() {
  return (
    <Suspense>
      <BreakdownView />
    </Suspense>
  );
}
