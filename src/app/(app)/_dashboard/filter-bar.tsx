"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Filter } from "~/domain/analytics/filters";
import { useTRPC } from "~/trpc/react";
import { label } from "./format";

export function dimLabel(dim: string): string {
  return dim.startsWith("tag:") ? `Tag ${dim.slice(4)}` : dim;
}

/** Date range with quick ranges; every control is a native input, so keyboard use just works. */
export function RangeInputs({ from, to, last, onChange }: { from: string; to: string; last: string; onChange: (r: { from: string; to: string }) => void }) {
  const quick: [string, () => { from: string; to: string }][] = [
    ["Month to date", () => ({ from: `${last.slice(0, 7)}-01`, to: last })],
    ["Last 30 days", () => ({ from: shift(last, -29), to: last })],
    ["Last 90 days", () => ({ from: shift(last, -89), to: last })],
    ["Last 12 months", () => ({ from: `${String(Number(last.slice(0, 4)) - 1)}${last.slice(4, 7)}-01`, to: last })],
  ];
  return (
    <div className="row" role="group" aria-label="Date range">
      <label className="inline">
        From
        <input type="date" value={from} max={to} onChange={(e) => e.target.value && onChange({ from: e.target.value, to })} />
      </label>
      <label className="inline">
        To
        <input type="date" value={to} min={from} onChange={(e) => e.target.value && onChange({ from, to: e.target.value })} />
      </label>
      {quick.map(([name, r]) => (
        <button key={name} type="button" className="small" onClick={() => onChange(r())}>
          {name}
        </button>
      ))}
    </div>
  );
}

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Include/exclude filters on columns and tags, shown as removable chips plus an add form. */
export function FilterEditor({ filters, onChange, range, columns, tagKeys }: {
  filters: Filter[];
  onChange: (f: Filter[]) => void;
  range: { from: string; to: string };
  columns: string[];
  tagKeys: string[];
}) {
  const trpc = useTRPC();
  const id = useId();
  const [dim, setDim] = useState(columns[0] ?? "ServiceName");
  const [op, setOp] = useState<"in" | "not_in">("in");
  const [value, setValue] = useState("");
  const values = useQuery({ ...trpc.costs.values.queryOptions({ ...range, dim }), staleTime: 60_000 });
  const add = () => {
    const v = value === "(none)" ? "" : value;
    if (value.trim() === "") return;
    onChange([...filters, { dim, op, values: [v] }]);
    setValue("");
  };
  return (
    <div className="filters">
      <ul className="chips" aria-label="Active filters">
        {filters.map((f, i) => (
          <li key={`${f.dim}-${i}`} className="chip">
            {dimLabel(f.dim)} {f.op === "in" ? "is" : "is not"} {f.values.map(label).join(" or ")}
            <button type="button" aria-label={`Remove filter ${dimLabel(f.dim)}`} onClick={() => onChange(filters.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
        {filters.length === 0 && <li className="muted">No filters</li>}
      </ul>
      <div className="row" role="group" aria-label="Add a filter">
        <label className="inline">
          Column or tag
          <select value={dim} onChange={(e) => setDim(e.target.value)}>
            <optgroup label="Columns">
              {columns.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </optgroup>
            {tagKeys.length > 0 && (
              <optgroup label="Tags">
                {tagKeys.map((k) => (
                  <option key={k} value={`tag:${k}`}>Tag {k}</option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label className="inline">
          Match
          <select value={op} onChange={(e) => setOp(e.target.value as "in" | "not_in")}>
            <option value="in">include</option>
            <option value="not_in">exclude</option>
          </select>
        </label>
        <label className="inline">
          Value
          <input
            list={`${id}-values`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }} placeholder="type or pick" aria-label="Filter value" />
          <datalist id={`${id}-values`}>
            {values.data?.map((v) => (
              <option key={v.value} value={label(v.value)} />
            ))}
          </datalist>
        </label>
        <button type="button" className="small" onClick={add}>Add filter</button>
      </div>
    </div>
  );
}
