/** Parses the first CSV record (the header) of a text; returns null until a full record is present. */
export function parseCsvHeader(text: string, delimiter = ","): { fields: string[]; end: number } | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      fields.push(field);
      return { fields, end: i };
    } else field += ch;
  }
  return null;
}

/** A delimiter guess used only to give a clear error for `;` or tab separated exports. */
export function guessDelimiter(line: string): "," | ";" | "\t" {
  const count = (d: string) => line.split(d).length - 1;
  const c = count(","),
    s = count(";"),
    t = count("\t");
  if (s > c && s >= t) return ";";
  if (t > c && t > s) return "\t";
  return ",";
}
