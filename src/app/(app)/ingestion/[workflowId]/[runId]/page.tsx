import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { RunDetailView } from "./run-detail-view";

export default async function RunDetailPage({ params }: { params: Promise<{ workflowId: string; runId: string }> }) {
  const session = await getServerAuthSession();
  const role = session?.user.role;
  if (role !== "admin" && role !== "analyst") redirect("/?forbidden=ingestion");
  const { workflowId, runId } = await params;
  return <RunDetailView workflowId={decodeURIComponent(workflowId)} runId={decodeURIComponent(runId)} isAdmin={role === "admin"} />;
}
