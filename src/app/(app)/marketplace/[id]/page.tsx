import { requireAdminPage } from "../admin-gate";
import { PluginView } from "./plugin-view";

export default async function PluginPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  return <PluginView id={decodeURIComponent(id)} />;
}
