import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { UsersView } from "./users-view";

export default async function UsersPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=users");
  return <UsersView currentUserId={session.user.id} />;
}
