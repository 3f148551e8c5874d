import Link from "next/link";

/** The marketplace's two views and the way to add a package. */
export function MarketplaceTabs({ current }: { current: "catalogue" | "installed" }) {
  return (
    <nav className="row" aria-label="Marketplace" style={{ marginBottom: "1rem" }}>
      <Link href="/marketplace" aria-current={current === "catalogue" ? "page" : undefined}>Catalogue</Link>
      <Link href="/marketplace/installed" aria-current={current === "installed" ? "page" : undefined}>Installed plugins</Link>
      <span className="spacer" />
      <Link className="button" href="/marketplace/upload">Upload a plugin package</Link>
    </nav>
  );
}
