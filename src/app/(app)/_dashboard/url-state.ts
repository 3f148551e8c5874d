"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import type { Filter } from "~/domain/analytics/filters";

/** The page state lives in the URL (shareable, back/forward work): read and patch it. */
export function useUrlState() {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (patch: Record<string, string | string[] | null | undefined>) => {
      const next = new URLSearchParams(sp.toString());
      for (const [k, v] of Object.entries(patch)) {
        next.delete(k);
        if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
        else if (v !== null && v !== undefined && v !== "") next.set(k, v);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [sp, router, pathname],
  );
  return { sp, set };
}

/** Filters travel as repeated `f` params, each a JSON [dim, op, values]. */
export function parseFilters(sp: URLSearchParams): Filter[] {
  const out: Filter[] = [];
  for (const raw of sp.getAll("f")) {
    try {
      const [dim, op, values] = JSON.parse(raw) as [string, string, string[]];
      if (typeof dim === "string" && (op === "in" || op === "not_in") && Array.isArray(values) && values.length) out.push({ dim, op, values: values.map(String) });
    } catch {
      // a hand-edited URL with a broken filter: ignore that filter
    }
  }
  return out;
}

export const encodeFilters = (fs: Filter[]) => fs.map((f) => JSON.stringify([f.dim, f.op, f.values]));

export function readRange(sp: URLSearchParams, fallback: { from: string; to: string }) {
  const ok = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);
  return { from: ok(sp.get("from")) ?? fallback.from, to: ok(sp.get("to")) ?? fallback.to };
}
