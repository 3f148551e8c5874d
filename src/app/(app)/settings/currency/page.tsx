import { CurrencySettingsView } from "./currency-view";

export default function CurrencySettingsPage() {
  return <CurrencySettingsView />;
}
