import { Suspense } from "react";
import { HeatmapView } from "./heatmap-view";

export default function Page() {
  return (
    <Suspense>
      <HeatmapView />
    </Suspense>
  );
}
