"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { colorAt, OTHER_COLOR } from "./palette";

export type StackedDatum = { period: string } & Record<string, number | string>;

/** Stacked bars per period; series keys in legend order; "Other" drawn grey. */
export function StackedBarChart({ data, keys, xLabel, yLabel, otherKey, format, colors, height = 320 }: {
  data: StackedDatum[];
  keys: string[];
  xLabel: string;
  yLabel: string;
  otherKey?: string;
  format: (v: number) => string;
  /** Fixed colours per key (e.g. severities); others come from the palette. */
  colors?: Record<string, string>;
  height?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 24 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" label={{ value: xLabel, position: "insideBottom", offset: -18 }} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={format} width={90} label={{ value: yLabel, angle: -90, position: "insideLeft", offset: -12 }} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => format(Number(v))} />
        {/* no fixed height: the legend is measured, and the plot starts below it however many lines it wraps to */}
        <Legend verticalAlign="top" />
        {keys.map((k, i) => (
          <Bar key={k} dataKey={k} stackId="cost" fill={colors?.[k] ?? (k === otherKey ? OTHER_COLOR : colorAt(i))} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
