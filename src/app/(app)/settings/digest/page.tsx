import { DigestView } from "./digest-view";

export default function DigestPage() {
  return <DigestView />;
}
