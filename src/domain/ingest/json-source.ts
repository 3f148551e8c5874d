/**
 * Consumption API (`{ value: [{ kind, properties }] }`) and archived EA v3 usage-details
 * (`{ data: [...] }` or a bare array) JSON → a temporary CSV with one column per property, so
 * the normal CSV path (header detection, staging, conversion) reads it. API pages are small;
 * the JSON document is parsed whole, so files above MAX_JSON_BYTES are refused unread.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IngestInputError } from "./errors";
import { MAX_JSON_BYTES } from "./file-probe";

type Row = Record<string, unknown>;

function rowsOf(doc: unknown, name: string): Row[] {
  if (Array.isArray(doc)) return doc as Row[];
  if (doc && typeof doc === "object") {
    const o = doc as Row;
    if (Array.isArray(o.value)) return o.value as Row[];
    if (Array.isArray(o.data)) return o.data as Row[];
  }
  throw new IngestInputError(`${name}: JSON is not a Consumption API page ({"value": [...]}) or an EA usage-details page ({"data": [...]})`);
}

function flatten(r: Row): Row {
  const props = r.properties && typeof r.properties === "object" ? (r.properties as Row) : r;
  const out: Row = {};
  for (const [k, v] of Object.entries(props)) {
    if (k === "meterDetails" && v && typeof v === "object") Object.assign(out, v as Row);
    else out[k] = v;
  }
  // Consumption API rows carry tags as a real map next to properties.
  if (out.tags === undefined && r.tags !== undefined) out.tags = r.tags;
  return out;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes the JSON rows as CSV into a temp file; the caller deletes it. */
export function jsonToTempCsv(file: string, name: string): string {
  if (fs.statSync(file).size > MAX_JSON_BYTES) throw new IngestInputError(`${name}: JSON files are read up to ${MAX_JSON_BYTES / 1024 / 1024} MiB; load the export as CSV or Parquet`);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new IngestInputError(`${name}: invalid JSON (${(e as Error).message})`);
  }
  const rows = rowsOf(doc, name).map(flatten);
  if (rows.length === 0) throw new IngestInputError(`${name}: the JSON page holds no usage rows`);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k.toLowerCase())) (seen.add(k.toLowerCase()), keys.push(k));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-json-")), "rows.csv");
  const fd = fs.openSync(out, "w");
  fs.writeSync(fd, `${keys.map(csvCell).join(",")}\n`);
  for (const r of rows) fs.writeSync(fd, `${keys.map((k) => csvCell(r[k])).join(",")}\n`);
  fs.closeSync(fd);
  return out;
}
