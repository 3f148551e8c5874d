import { Suspense } from "react";
import { ShowbackView } from "./showback-view";

export default function Page() {
  return (
    <Suspense>
      <ShowbackView />
    </Suspense>
  );
}
