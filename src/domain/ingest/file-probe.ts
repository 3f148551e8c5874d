import fs from "node:fs";
import zlib from "node:zlib";
import { parseCsvHeader, guessDelimiter } from "./csv-header";
import { IngestInputError } from "./errors";

export type FileFormat = "csv" | "parquet" | "json";
export type FileProbe = {
  path: string;
  name: string;
  sizeBytes: number;
  format: FileFormat;
  compression: "none" | "gzip";
  /** CSV header names (BOM stripped); empty for Parquet/JSON until read by the engine. */
  header: string[];
  /** File bytes per data row in the file's head (CSV): estimates a file's rows before it is read. */
  bytesPerRow?: number;
};

const HEAD_BYTES = 1 << 20;
/**
 * JSON pages (Consumption API, archived EA usage details) are parsed whole, so they are read up
 * to this size only; larger exports come as CSV or Parquet.
 */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/**
 * A `.json` file is JSON when it starts with `{` or `[`. Any other name (a `.csv`) is JSON only
 * when it clearly is: an object opening with a key, or an array opening with an object, array or
 * `]`. A CSV whose first header is `[Date]` stays CSV.
 */
function looksLikeJson(text: string, name: string): boolean {
  const t = text.trimStart();
  if (/\.json(\.gz)?$/i.test(name)) return t[0] === "{" || t[0] === "[";
  return /^(\{\s*["}]|\[\s*[{[\]])/.test(t);
}

/** The first MiB of the file's content, and how many file bytes it took (less than that when gzipped). */
async function readHead(path: string, gzip: boolean): Promise<{ head: Buffer; fileBytes: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let fileBytes = 0;
  const src = fs.createReadStream(path, { end: gzip ? undefined : HEAD_BYTES - 1 });
  src.on("data", (c) => (fileBytes += c.length));
  const stream = gzip ? src.pipe(zlib.createGunzip()) : src;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } catch (e) {
    if (total === 0) throw new IngestInputError(`${path}: cannot decompress gzip file (${(e as Error).message})`);
  } finally {
    src.destroy();
  }
  return { head: Buffer.concat(chunks), fileBytes };
}

/** The longest header or first data row read: exports have rows of a few KB, tags can make one ~10 MB. */
export const MAX_FIRST_ROW_BYTES = 64 << 20;

/**
 * Refuses a file whose header or first data row is longer than MAX_FIRST_ROW_BYTES: a compressed
 * "bomb" that expands to one huge line, or not an export at all. ClickHouse holds a row whole
 * while parsing it (a 512 MiB line took 3 GB of memory before failing). Reads on past the head
 * only when the head has no end of the first data row, keeping nothing but a byte count.
 */
async function checkFirstRows(path: string, name: string, gzip: boolean, head: Buffer): Promise<void> {
  const headerEnd = head.indexOf(0x0a);
  if (head.length < HEAD_BYTES || (headerEnd >= 0 && head.indexOf(0x0a, headerEnd + 1) >= 0)) return;
  const src = fs.createReadStream(path);
  const stream = gzip ? src.pipe(zlib.createGunzip()) : src;
  let seen = 0;
  let newlines = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(0x0a); at >= 0 && newlines < 2; at = chunk.indexOf(0x0a, at + 1)) newlines++;
      seen += chunk.length;
      if (newlines >= 2) return;
      if (seen > MAX_FIRST_ROW_BYTES) break;
    }
  } catch {
    return; // a gzip error past the head is reported by the reader that loads the rows
  } finally {
    src.destroy();
  }
  if (seen <= MAX_FIRST_ROW_BYTES) return; // the whole file is the header and one row without a line break
  const which = newlines === 0 ? "the header row" : "the first data row";
  throw new IngestInputError(`${name}: ${which} is longer than ${MAX_FIRST_ROW_BYTES >> 20} MiB; billing exports have rows of a few KB`);
}

/** File bytes per data row, from the rows that start in the head (a partial last line counts as one). */
function bytesPerRow(head: Buffer, fileBytes: number, headerEnd: number): number | undefined {
  let lines = 0;
  for (let i = headerEnd; i < head.length; i++) if (head[i] === 0x0a) lines++;
  if (head.length > headerEnd && head[head.length - 1] !== 0x0a) lines++;
  return lines > 0 ? ((head.length - headerEnd) / lines) * (fileBytes / head.length) : undefined;
}

/** Looks at the first bytes of a file: compression, format, encoding, delimiter and CSV header. */
export async function probeFile(path: string): Promise<FileProbe> {
  const name = path.split("/").pop() ?? path;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new IngestInputError(`${name}: file not found (${path})`);
  }
  if (!stat.isFile()) throw new IngestInputError(`${name}: not a regular file`);
  if (stat.size === 0) throw new IngestInputError(`${name}: the file is empty (0 bytes), expected a cost export with a header row`);
  const magic = Buffer.alloc(4);
  const fd = fs.openSync(path, "r");
  fs.readSync(fd, magic, 0, 4, 0);
  fs.closeSync(fd);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const base = { path, name, sizeBytes: stat.size, compression: gzip ? ("gzip" as const) : ("none" as const) };
  if (!gzip && magic.toString("latin1") === "PAR1") return { ...base, format: "parquet", header: [] };
  const { head, fileBytes } = await readHead(path, gzip);
  if (head.length === 0) throw new IngestInputError(`${name}: the file is empty after decompression`);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new IngestInputError(`${name}: the file is UTF-16 encoded; ABI reads UTF-8 only (re-save the export as UTF-8)`);
  }
  const hasBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const text = head.subarray(hasBom ? 3 : 0).toString("utf8");
  if (looksLikeJson(text, name)) {
    if (gzip) throw new IngestInputError(`${name}: gzip-compressed JSON is not supported; decompress it, or load the export as CSV`);
    if (stat.size > MAX_JSON_BYTES) {
      throw new IngestInputError(`${name}: JSON files are read up to ${MAX_JSON_BYTES / 1024 / 1024} MiB and this one is ${(stat.size / 1024 / 1024).toFixed(0)} MiB; load the export as CSV or Parquet`);
    }
    return { ...base, format: "json", header: [] };
  }
  await checkFirstRows(path, name, gzip, head);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.includes("\uFFFD")) {
    throw new IngestInputError(`${name}: the header is not valid UTF-8 (wrong encoding?); ABI reads UTF-8 exports only`);
  }
  const delimiter = guessDelimiter(firstLine);
  if (delimiter !== ",") {
    const label = delimiter === ";" ? "semicolon (;)" : "tab";
    throw new IngestInputError(`${name}: the file is ${label}-delimited; Azure and FOCUS exports are comma-delimited CSV (re-export it, or convert the delimiter to ',')`);
  }
  const parsed = parseCsvHeader(text.endsWith("\n") ? text : `${text}\n`);
  if (!parsed || parsed.fields.length < 2) throw new IngestInputError(`${name}: no CSV header row found`);
  const header = parsed.fields.map((h) => h.trim());
  const headerEnd = head.indexOf(0x0a) + 1;
  return { ...base, format: "csv", header, bytesPerRow: headerEnd > 0 ? bytesPerRow(head, fileBytes, headerEnd) : undefined };
}
