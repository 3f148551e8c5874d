import { createCaller } from "./api/root";
import { createTRPCContext } from "./api/trpc";

export type DataDays = { first: string; last: string } | null;

/**
 * The signed-in user's data range (costs.dataDays, same scope and checks as the tRPC call),
 * read while the page renders on the server so the dashboards' first data query does not wait
 * for a dataDays round trip from the browser (issue 15, item 2). undefined when it cannot be
 * read here; the browser then asks for it as before.
 */
export async function initialDataDays(headers: Headers): Promise<DataDays | undefined> {
  try {
    return await createCaller(await createTRPCContext({ headers })).costs.dataDays();
  } catch {
    return undefined;
  }
}
