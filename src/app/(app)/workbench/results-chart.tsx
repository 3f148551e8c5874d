"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WorkbenchColumn } from "~/domain/workbench/run";

const NUMERIC = /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/;

/** A bar chart of the first text column against the first numeric one (the first 50 rows). */
export function ResultsChart({ columns, rows }: { columns: WorkbenchColumn[]; rows: unknown[][] }) {
  const y = columns.findIndex((c) => NUMERIC.test(c.type));
  const x = columns.findIndex((_, i) => i !== y);
  if (y < 0 || x < 0) return <p className="muted">A chart needs a label column and a numeric column.</p>;
  const data = rows.slice(0, 50).map((r) => ({ label: String(r[x] ?? "(null)"), value: Number(r[y] ?? 0) }));
  return (
    <figure aria-label={`${columns[y]!.name} by ${columns[x]!.name}`}>
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis />
          <Tooltip />
          <Bar dataKey="value" name={columns[y]!.name} fill="#3b6fd1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
