"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendDatum = { day: string; actual?: number; forecast?: number; band?: [number, number]; budget?: number };

/** Daily actuals, the forecast with its 90 % band, and optionally a budget line. */
export function TrendChart({ data, yLabel, format, height = 280 }: { data: TrendDatum[]; yLabel: string; format: (v: number) => string; height?: number }) {
  const hasForecast = data.some((d) => d.forecast !== undefined);
  const hasBudget = data.some((d) => d.budget !== undefined);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 28, left: 24 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" label={{ value: "Day", position: "insideBottom", offset: -18 }} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={format} width={90} label={{ value: yLabel, angle: -90, position: "insideLeft", offset: -12 }} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => format(Number(x))).join(" – ") : format(Number(v)))} />
        {/* no fixed height: the legend is measured, and the plot starts below it however many lines it wraps to */}
        <Legend verticalAlign="top" />
        {hasForecast && <Area dataKey="band" name="90% interval" fill="#c3d4ff" stroke="none" isAnimationActive={false} />}
        <Area dataKey="actual" name="Actual" stroke="#1f5eff" fill="#1f5eff33" isAnimationActive={false} />
        {hasForecast && <Line dataKey="forecast" name="Forecast" stroke="#6b46c1" strokeDasharray="5 4" dot={false} isAnimationActive={false} />}
        {hasBudget && <Line dataKey="budget" name="Budget" stroke="#c53030" dot={false} isAnimationActive={false} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
