import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";

/** The marketplace is for admins: anyone else lands on the overview with "the marketplace page is for admins only". */
export async function requireAdminPage(): Promise<void> {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=marketplace");
}
