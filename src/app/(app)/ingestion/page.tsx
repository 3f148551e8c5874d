import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { RunsView } from "./runs-view";

export default async function IngestionPage() {
  const session = await getServerAuthSession();
  const role = session?.user.role;
  if (role !== "admin" && role !== "analyst") redirect("/?forbidden=ingestion");
  return <RunsView isAdmin={role === "admin"} />;
}
