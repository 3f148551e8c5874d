import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { SourcesView } from "./sources-view";

export default async function SourcesPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=sources");
  return <SourcesView />;
}
