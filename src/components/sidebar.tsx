"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { Role } from "~/domain/db/schema";

type NavItem = { href: string; label: string; roles?: Role[] };

const sections: { title: string; items: NavItem[] }[] = [
  {
    title: "Analyse",
    items: [
      { href: "/", label: "Overview" },
      { href: "/costs", label: "Cost explorer" },
      { href: "/dashboards", label: "Dashboards" },
      { href: "/breakdown", label: "Breakdown" },
      { href: "/heatmap", label: "Heatmap" },
      { href: "/commitments", label: "Commitments" },
      { href: "/budgets", label: "Budgets" },
      { href: "/showback", label: "Showback" },
      { href: "/anomalies", label: "Anomalies" },
      { href: "/alerts", label: "Alerts", roles: ["admin", "analyst"] },
      { href: "/reports", label: "Scheduled reports", roles: ["admin", "analyst"] },
      { href: "/recommendations", label: "Recommendations" },
      { href: "/quarantine", label: "Quarantined rows" },
      { href: "/workbench", label: "SQL workbench", roles: ["admin", "analyst"] },
    ],
  },
  {
    title: "Administer",
    items: [
      { href: "/ingestion", label: "Ingestion runs", roles: ["admin", "analyst"] },
      { href: "/sources", label: "Data sources", roles: ["admin"] },
      { href: "/marketplace", label: "Marketplace", roles: ["admin"] },
      { href: "/infrastructure", label: "Infrastructure", roles: ["admin"] },
      { href: "/infrastructure/backups", label: "Backups", roles: ["admin"] },
      { href: "/admin/users", label: "Users", roles: ["admin"] },
      { href: "/admin/groups", label: "Groups", roles: ["admin"] },
      { href: "/admin/audit", label: "Audit log", roles: ["admin"] },
    ],
  },
  { title: "Account", items: [{ href: "/settings/tokens", label: "API tokens" }, { href: "/settings/currency", label: "Currency" }, { href: "/settings/digest", label: "Weekly digest" }] },
];

export function Sidebar({ user }: { user: { email: string; role: Role } }) {
  const pathname = usePathname();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        {/* A static file from public/: next/image would add nothing for an SVG. */}
        <img src="/abi-logo.svg" alt="ABI" width={96} height={32} />
        <small>Azure Billing Intelligence</small>
      </div>
      {sections.map((section) => {
        const items = section.items.filter((i) => !i.roles || i.roles.includes(user.role));
        if (items.length === 0) return null;
        return (
          <div key={section.title}>
            <div className="section">{section.title}</div>
            {items.map((item) => (
              <Link key={item.href} href={item.href} aria-current={pathname === item.href ? "page" : undefined} style={{ display: "block" }}>
                {item.label}
              </Link>
            ))}
          </div>
        );
      })}
      <div className="user">
        <div>{user.email}</div>
        <div className="muted">{user.role}</div>
        <button type="button" onClick={() => void signOut({ callbackUrl: "/signin" })} style={{ marginTop: "0.5rem" }}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
