import { AlertsView } from "./alerts-view";

export default function Page() {
  return <AlertsView />;
}
