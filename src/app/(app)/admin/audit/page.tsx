import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { AuditView } from "./audit-view";

export default async function AuditPage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=audit");
  return <AuditView />;
}
