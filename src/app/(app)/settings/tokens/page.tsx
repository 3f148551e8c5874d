import { TokensView } from "./tokens-view";

export default function TokensPage() {
  return <TokensView />;
}
