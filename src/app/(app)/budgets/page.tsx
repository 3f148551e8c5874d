import { Suspense } from "react";
import { BudgetsView } from "./budgets-view";

export default function Page() {
  return (
    <Suspense>
      <BudgetsView />
    </Suspense>
  );
}
