import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { SourceForm } from "../source-form";

export default async function NewSourcePage({ searchParams }: { searchParams: Promise<{ plugin?: string }> }) {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=sources");
  const { plugin } = await searchParams;
  return <SourceForm initialPlugin={plugin} />;
}
