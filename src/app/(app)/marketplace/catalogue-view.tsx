"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { MarketplaceTabs } from "./tabs";
import { PluginBadges } from "./plugin-badges";

const CATEGORY_LABELS: Record<string, string> = { "billing-api": "Billing API", "object-storage": "Object storage", files: "Files" };
export const categoryLabel = (c: string) => CATEGORY_LABELS[c] ?? c;

/** The catalogue: every plugin the registry knows, as cards, searched and filtered in the browser. */
export function CatalogueView() {
  const trpc = useTRPC();
  const list = useQuery(trpc.plugins.list.queryOptions());
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const [kind, setKind] = useState("");
  const all = list.data ?? [];
  const categories = [...new Set(all.map((p) => p.category))].sort();
  const kinds = [...new Set(all.map((p) => p.kind))].sort();
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = all.filter(
    (p) =>
      (!category || p.category === category) &&
      (!kind || p.kind === kind) &&
      words.every((w) => [p.id, p.name, p.publisher, p.description].some((t) => t.toLowerCase().includes(w))),
  );

  return (
    <>
      <h1>Marketplace</h1>
      <MarketplaceTabs current="catalogue" />
      <div className="row filters" style={{ marginBottom: "1rem" }}>
        <label>
          Search
          <input type="search" value={search} placeholder="name, publisher, description" onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All categories</option>
            {categories.map((c) => <option key={c} value={c}>{categoryLabel(c)}</option>)}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
      </div>
      {list.error && <p className="error" role="alert">{list.error.message}</p>}
      {list.isPending && <div className="panel skeleton" style={{ height: 160 }} />}
      {list.data && shown.length === 0 && <p className="muted">No plugin matches{search ? ` "${search}"` : ""}.</p>}
      <div className="grid" role="list" aria-label="Plugins">
        {shown.map((p) => (
          <article key={p.id} className="panel" role="listitem" aria-label={p.name}>
            <h2 style={{ marginTop: 0 }}>
              <Link href={`/marketplace/${encodeURIComponent(p.id)}`}>{p.name}</Link>
            </h2>
            <div className="muted small-text">
              {p.publisher} · {categoryLabel(p.category)} · {p.kind} · latest {p.versions[0]?.version ?? "—"}
            </div>
            <p>{p.description}</p>
            <PluginBadges p={p} />
          </article>
        ))}
      </div>
    </>
  );
}
