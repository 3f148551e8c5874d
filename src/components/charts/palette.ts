export const PALETTE = ["#1f5eff", "#18864b", "#b7791f", "#c53030", "#6b46c1", "#0f766e", "#d53f8c", "#2b6cb0", "#975a16", "#4a5568"];
export const OTHER_COLOR = "#a0aec0";
export const colorAt = (i: number) => PALETTE[i % PALETTE.length] as string;
