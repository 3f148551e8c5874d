"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type LatencyPoint = { at: string; latencyMs: number; ok: boolean };

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** A service's probe latency over the last 24 h; failed samples are drawn as red dots. */
export function LatencyHistoryChart({ points, height = 90 }: { points: LatencyPoint[]; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <XAxis dataKey="at" tickFormatter={time} tick={{ fontSize: 10 }} minTickGap={40} />
        <YAxis dataKey="latencyMs" width={44} tick={{ fontSize: 10 }} tickFormatter={(v: number) => `${v} ms`} />
        <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} formatter={(v) => [`${String(v)} ms`, "latency"]} />
        <Line
          dataKey="latencyMs"
          stroke="#1f5eff"
          isAnimationActive={false}
          dot={(p: { cx?: number; cy?: number; index?: number; payload?: LatencyPoint }) =>
            p.payload && !p.payload.ok ? <circle key={p.index} cx={p.cx} cy={p.cy} r={3} fill="#c53030" /> : <g key={p.index} />
          }
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
