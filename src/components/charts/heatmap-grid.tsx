"use client";

/** Rows × days grid drawn as SVG; darker = larger. Cells flagged `alert` get a red outline. */
export type HeatCell = { row: number; col: number; value: number; alert?: boolean; title: string };

export function HeatmapGrid({ rows, cols, cells, cellSize = 16, labelWidth = 240 }: { rows: string[]; cols: string[]; cells: HeatCell[]; cellSize?: number; labelWidth?: number }) {
  const max = Math.max(1e-12, ...cells.map((c) => Math.abs(c.value)));
  const width = labelWidth + cols.length * cellSize + 8;
  const height = 28 + rows.length * cellSize + 8;
  return (
    <svg width={width} height={height} className="heatmap" aria-hidden="true">
      {cols.map((c, i) =>
        i % 7 === 0 ? (
          <text key={c} x={labelWidth + i * cellSize} y={14} fontSize={10} fill="#5d6677">
            {c.slice(5)}
          </text>
        ) : null,
      )}
      {rows.map((r, i) => (
        <text key={`${r}-${i}`} x={labelWidth - 6} y={28 + i * cellSize + cellSize * 0.75} fontSize={11} textAnchor="end" fill="#1d2330">
          {r.length > 36 ? `${r.slice(0, 35)}…` : r}
        </text>
      ))}
      {cells.map((c) => (
        <rect
          key={`${c.row}:${c.col}`}
          x={labelWidth + c.col * cellSize}
          y={28 + c.row * cellSize}
          width={cellSize - 2}
          height={cellSize - 2}
          rx={2}
          fill={`rgba(31, 94, 255, ${0.08 + 0.92 * (Math.abs(c.value) / max)})`}
          stroke={c.alert ? "#c53030" : "none"}
          strokeWidth={c.alert ? 2 : 0}
        >
          <title>{c.title}</title>
        </rect>
      ))}
    </svg>
  );
}
