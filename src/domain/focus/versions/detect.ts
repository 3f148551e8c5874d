/**
 * The FOCUS version of an input file: an explicit option (`abi ingest --focus-version`), else a
 * metadata file next to it, else its header (columns that exist only from some version on; layout.ts).
 * docs/focus-versions.md ("Which version a file is").
 */
import fs from "node:fs";
import path from "node:path";

export const INPUT_FOCUS_VERSIONS = ["1.0", "1.1", "1.2", "1.3"] as const;
export type InputFocusVersion = (typeof INPUT_FOCUS_VERSIONS)[number];
export type VersionSource = "option" | "metadata" | "header";

/** "1.0r2", "1.2-preview", "v1.1", "1.3.0" → the FOCUS version they belong to; undefined when none. */
export function normalizeFocusVersion(text: string): InputFocusVersion | undefined {
  const m = /^v?(1)\.(\d)/i.exec(text.trim());
  const v = m ? `${m[1]}.${m[2]}` : "";
  return (INPUT_FOCUS_VERSIONS as readonly string[]).includes(v) ? (v as InputFocusVersion) : undefined;
}

/** Metadata files a FOCUS export may carry next to its data: FOCUS metadata, Microsoft's export manifest. */
function metadataCandidates(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file).replace(/(\.(csv|parquet|json|gz))+$/i, "");
  return [`${file}.metadata.json`, path.join(dir, `${base}.metadata.json`), path.join(dir, "metadata.json"), path.join(dir, "manifest.json")];
}

/** The version a metadata document states: a FocusVersion key at any depth, or a FocusCost manifest's dataVersion. */
export function versionInMetadata(doc: unknown): string | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const entries = Object.entries(doc as Record<string, unknown>);
  for (const [k, v] of entries) if (k.toLowerCase() === "focusversion" && typeof v === "string") return v;
  const o = doc as Record<string, unknown>;
  if (typeof o.type === "string" && /focuscost/i.test(o.type) && typeof o.dataVersion === "string") return o.dataVersion;
  for (const [, v] of entries) {
    const found = versionInMetadata(v);
    if (found) return found;
  }
  return undefined;
}

/** The version stated by a metadata file next to `file`, if one is there and says one. */
export function focusVersionFromMetadata(file: string): { version: InputFocusVersion; file: string } | undefined {
  for (const candidate of metadataCandidates(file)) {
    let text: string;
    try {
      if (!fs.statSync(candidate).isFile() || fs.statSync(candidate).size > 1_000_000) continue;
      text = fs.readFileSync(candidate, "utf8");
    } catch {
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // not our metadata: the header decides
    }
    const stated = versionInMetadata(doc);
    const version = stated ? normalizeFocusVersion(stated) : undefined;
    if (version) return { version, file: path.basename(candidate) };
  }
  return undefined;
}

/** Option, then metadata, then header. */
export function resolveFocusVersion(
  file: string,
  headerVersion: string,
  option: InputFocusVersion | undefined,
): { version: InputFocusVersion; source: VersionSource; detail: string } {
  if (option) return { version: option, source: "option", detail: "--focus-version" };
  const meta = focusVersionFromMetadata(file);
  if (meta) return { version: meta.version, source: "metadata", detail: meta.file };
  return { version: normalizeFocusVersion(headerVersion) ?? "1.2", source: "header", detail: "columns of the header" };
}
