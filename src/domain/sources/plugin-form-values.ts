// Form types and value helpers: no plugin code, so the browser bundle can import them.

/**
 * The admin form of a plugin, generated from its zod config and secret schemas, so a new plugin
 * field shows up in the UI without UI code. Keys are dotted paths into the config object.
 */
export type FormField = {
  key: string;
  label: string;
  kind: "text" | "url" | "boolean" | "choice" | "multi" | "secret";
  required: boolean;
  default?: unknown;
  options?: { value: string; label: string }[];
  /** Shown only when another (choice) field has one of these values. */
  when?: { key: string; values: string[] };
  hint?: string;
};

export type PluginForm = { id: string; title: string; description: string; fields: FormField[]; pullsMonths: boolean; acceptsUploads: boolean };

export type FormValues = Record<string, string | boolean | string[]>;

export function fieldVisible(f: FormField, values: FormValues): boolean {
  return !f.when || f.when.values.includes(String(values[f.when.key] ?? ""));
}

/** Flat form values → the nested config and the secrets (hidden fields and empty optional text left out). */
export function formToSettings(form: PluginForm, values: FormValues): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const f of form.fields) {
    if (!fieldVisible(f, values)) continue;
    const v = values[f.key];
    if (v === undefined || (typeof v === "string" && v.trim() === "")) continue;
    if (f.kind === "secret") {
      secrets[f.key] = String(v);
      continue;
    }
    const path = f.key.split(".");
    let node = config;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = typeof v === "string" ? v.trim() : v;
  }
  return { config, secrets };
}

/** The stored config → flat form values (for the edit form). Secrets are never filled in. */
export function settingsToForm(form: PluginForm, config: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of form.fields) {
    if (f.kind === "secret") continue;
    let v: unknown = config;
    for (const p of f.key.split(".")) v = (v as Record<string, unknown> | undefined)?.[p];
    const value = v ?? f.default;
    if (value !== undefined) values[f.key] = value as string | boolean | string[];
  }
  return values;
}
