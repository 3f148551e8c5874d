import { Suspense } from "react";
import { CostsView } from "./costs-view";

export default function CostsPage() {
  return (
    <Suspense>
      <CostsView />
    </Suspense>
  );
}
