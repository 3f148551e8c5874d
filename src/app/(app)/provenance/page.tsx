import { Suspense } from "react";
import { ProvenanceView } from "./provenance-view";

/** Every signed-in user (the layout checks the session); the data is limited to their billing scope. */
export default function ProvenancePage() {
  return (
    <Suspense>
      <ProvenanceView />
    </Suspense>
  );
}
