import { ChannelsView } from "./channels-view";

export default function Page() {
  return <ChannelsView />;
}
