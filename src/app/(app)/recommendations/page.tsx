import { Suspense } from "react";
import { RecommendationsView } from "./recommendations-view";

export default function Page() {
  return (
    <Suspense>
      <RecommendationsView />
    </Suspense>
  );
}
