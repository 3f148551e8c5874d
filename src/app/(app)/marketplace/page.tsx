import { requireAdminPage } from "./admin-gate";
import { CatalogueView } from "./catalogue-view";

export default async function MarketplacePage() {
  await requireAdminPage();
  return <CatalogueView />;
}
