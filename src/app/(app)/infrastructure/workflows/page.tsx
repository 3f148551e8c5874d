import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { WorkflowsView } from "./workflows-view";

export default async function WorkflowsPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=infrastructure");
  return <WorkflowsView />;
}
