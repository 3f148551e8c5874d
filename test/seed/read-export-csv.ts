import fs from "node:fs";

/** Minimal RFC 4180 reader for the generated files (tests only): BOM stripped, rows as records. */
export function readExportCsv(path: string): { header: string[]; rows: Record<string, string>[]; lines: string[] } {
  let text = fs.readFileSync(path, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  const lines: string[] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n") {
      record.push(field);
      records.push(record);
      lines.push(text.slice(lineStart, i + 1));
      lineStart = i + 1;
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
    lines.push(text.slice(lineStart));
  }
  const [header, ...data] = records;
  if (!header) throw new Error(`${path}: empty`);
  return {
    header,
    lines: lines.slice(1),
    rows: data.map((r) => {
      if (r.length !== header.length) throw new Error(`${path}: row with ${r.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((h, i) => [h, r[i] as string]));
    }),
  };
}

/** Decimal text → bigint in 1e-`scale` units (exact sums in tests). */
export function dec(text: string, scale = 10): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: "${text}"`);
  const frac = (m[3] ?? "").padEnd(scale, "0");
  if (frac.length > scale) throw new Error(`"${text}" has more than ${scale} decimals`);
  const v = BigInt(m[2] as string) * 10n ** BigInt(scale) + BigInt(frac || "0");
  return m[1] ? -v : v;
}
