import { requireAdminPage } from "../../admin-gate";
import { InstallWizard } from "./install-wizard";

export default async function InstallPluginPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  return <InstallWizard id={decodeURIComponent(id)} />;
}
