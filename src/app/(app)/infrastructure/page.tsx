import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { InfrastructureView } from "./infrastructure-view";

export default async function InfrastructurePage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=infrastructure");
  return <InfrastructureView />;
}
