/** A rectangular export: header names and rows of strings (numbers stay exact decimal text). */
export type ExportTable = { name: string; columns: string[]; rows: (string | number | null)[][] };
