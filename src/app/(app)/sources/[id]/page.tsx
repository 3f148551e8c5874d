import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { SourceForm } from "../source-form";

export default async function EditSourcePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=sources");
  const { id } = await params;
  return <SourceForm sourceId={id} />;
}
