import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { GroupsView } from "./groups-view";

export default async function GroupsPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=groups");
  return <GroupsView />;
}
