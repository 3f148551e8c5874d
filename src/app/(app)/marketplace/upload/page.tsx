import { redirect } from "next/navigation";
import { getServerAuthSession } from "~/server/auth";
import { UploadPackageView } from "./upload-package-view";

/** /marketplace/upload (admin): upload a plugin package, check it, then install it. */
export default async function UploadPluginPackagePage() {
  const session = await getServerAuthSession();
  if (session?.user.role !== "admin") redirect("/?forbidden=marketplace");
  return <UploadPackageView />;
}
