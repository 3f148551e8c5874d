import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { BackupsView } from "./backups-view";

export default async function BackupsPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=backups");
  return <BackupsView />;
}
