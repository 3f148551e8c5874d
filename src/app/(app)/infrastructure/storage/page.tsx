import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { StorageView } from "./storage-view";

export default async function StoragePage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=infrastructure");
  return <StorageView />;
}
