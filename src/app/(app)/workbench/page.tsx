import { WorkbenchView } from "./workbench-view";

export default function WorkbenchPage() {
  return <WorkbenchView />;
}
