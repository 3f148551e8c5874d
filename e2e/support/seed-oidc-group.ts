/**
 * Before the e2e app starts (it then owns the embedded stores): an ABI group mapped to the
 * test IdP's "finops-finance" group claim. Run with ABI_DATA_DIR set, like the app.
 */
import { openRuntime } from "~/domain/runtime";
import { groups } from "~/domain/db/schema";

const rt = await openRuntime({ migrate: true });
await rt.db.insert(groups).values({ name: "Finance", description: "e2e: mapped from the IdP", oidcGroup: "finops-finance" }).onConflictDoNothing();
await rt.close();
process.exit(0);
