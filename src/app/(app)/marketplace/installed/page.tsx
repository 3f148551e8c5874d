import { requireAdminPage } from "../admin-gate";
import { InstalledView } from "./installed-view";

export default async function InstalledPluginsPage() {
  await requireAdminPage();
  return <InstalledView />;
}
