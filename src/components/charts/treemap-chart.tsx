"use client";

import { ResponsiveContainer, Tooltip, Treemap } from "recharts";
import { colorAt } from "./palette";

export type TreemapNode = { name: string; size: number; key: string };

type CellProps = { x?: number; y?: number; width?: number; height?: number; index?: number; name?: string; key?: string };

/** One level of a hierarchy as a treemap; clicking (or Enter on the list beside it) drills down. */
export function TreemapChart({ data, onSelect, format, height = 340 }: { data: TreemapNode[]; onSelect?: (node: TreemapNode) => void; format: (v: number) => string; height?: number }) {
  const positive = data.filter((d) => d.size > 0);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <Treemap
        data={positive}
        dataKey="size"
        nameKey="name"
        isAnimationActive={false}
        onClick={(node) => {
          const n = node as unknown as TreemapNode;
          if (onSelect && n?.key !== undefined) onSelect(positive.find((p) => p.key === n.key) ?? n);
        }}
        content={(props: CellProps) => {
          const { x = 0, y = 0, width = 0, height: h = 0, index = 0, name = "" } = props;
          return (
            <g style={{ cursor: onSelect ? "pointer" : "default" }}>
              <rect x={x} y={y} width={width} height={h} fill={colorAt(index)} stroke="#fff" />
              {width > 70 && h > 22 && (
                <text x={x + 6} y={y + 16} fill="#fff" fontSize={12}>
                  {name.length > width / 7 ? `${name.slice(0, Math.floor(width / 7) - 1)}…` : name}
                </text>
              )}
            </g>
          );
        }}
      >
        <Tooltip formatter={(v) => format(Number(v))} />
      </Treemap>
    </ResponsiveContainer>
  );
}
