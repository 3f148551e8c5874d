import { RulesView } from "./rules-view";

export default function Page() {
  return <RulesView />;
}
