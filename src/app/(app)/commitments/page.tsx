import { Suspense } from "react";
import { CommitmentsView } from "./commitments-view";

export default function Page() {
  return (
    <Suspense>
      <CommitmentsView />
    </Suspense>
  );
}
