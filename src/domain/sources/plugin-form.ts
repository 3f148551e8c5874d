import { z } from "zod";
import { plugins, pluginIds, type PluginId } from "./plugins";

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

export type PluginForm = { id: PluginId; title: string; description: string; fields: FormField[]; pullsMonths: boolean };

type JsonSchema = {
  type?: string;
  format?: string;
  const?: string;
  enum?: string[];
  default?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

const HINTS: Record<string, string> = {
  endpoint: "http(s)://host:port of MinIO or another S3-compatible server; https://s3.<region>.amazonaws.com for AWS",
  prefix: "Folder the exports were copied under, e.g. exports/billing",
  forcePathStyle: "Path-style URLs: needed by MinIO, rclone and most self-hosted S3",
  authorityHost: "Leave empty for the Azure public cloud",
  resourceManagerEndpoint: "Leave empty for the Azure public cloud",
  metrics: "Pull both so commitments are exact",
};

const WORDS: Record<string, string> = { id: "ID", ea: "EA", mca: "MCA", utc: "UTC", s3: "S3" };

/** billingAccountId → "Billing account ID", mcaBillingProfile → "MCA billing profile". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/\s+/).map((w) => w.toLowerCase());
  const text = words.map((w) => WORDS[w] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldOf(key: string, name: string, s: JsonSchema, required: boolean): FormField {
  const base = { key, label: humanize(name), required, default: s.default, hint: HINTS[name] };
  if (s.type === "boolean") return { ...base, kind: "boolean" };
  if (s.type === "array" && s.items?.enum) return { ...base, kind: "multi", options: s.items.enum.map((v) => ({ value: v, label: v })) };
  if (s.enum) return { ...base, kind: "choice", options: s.enum.map((v) => ({ value: v, label: humanize(v) })) };
  return { ...base, kind: s.format === "uri" ? "url" : "text" };
}

function objectFields(schema: JsonSchema, prefix: string, when?: FormField["when"]): FormField[] {
  const out: FormField[] = [];
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    const variants = s.oneOf ?? s.anyOf;
    if (variants?.every((v) => v.type === "object")) {
      out.push(...unionFields(variants, key, name));
      continue;
    }
    const required = (schema.required ?? []).includes(name) && s.default === undefined;
    out.push({ ...fieldOf(key, name, s, required), ...(when ? { when } : {}) });
  }
  return out;
}

/** A discriminated union becomes a choice of its discriminator plus the fields of each variant. */
function unionFields(variants: JsonSchema[], key: string, name: string): FormField[] {
  const tag = Object.keys(variants[0]!.properties ?? {}).find((p) => variants.every((v) => v.properties?.[p]?.const !== undefined));
  if (!tag) throw new Error(`plugin field ${key}: unions need a discriminator`);
  const values = variants.map((v) => v.properties![tag]!.const!);
  const fields: FormField[] = [{ key: `${key}.${tag}`, label: humanize(name), kind: "choice", required: true, default: values[0], options: values.map((v) => ({ value: v, label: humanize(v) })) }];
  const seen = new Map<string, FormField>();
  for (const v of variants) {
    const value = v.properties![tag]!.const!;
    const rest = { ...v, properties: Object.fromEntries(Object.entries(v.properties ?? {}).filter(([p]) => p !== tag)) };
    for (const f of objectFields(rest, key)) {
      const prev = seen.get(f.key);
      if (prev) prev.when!.values.push(value);
      else seen.set(f.key, { ...f, when: { key: `${key}.${tag}`, values: [value] } });
    }
  }
  for (const f of seen.values()) {
    if (f.when!.values.length === values.length) delete f.when;
    fields.push(f);
  }
  return fields;
}

export function pluginForm(id: PluginId): PluginForm {
  const p = plugins[id];
  const config = z.toJSONSchema(p.config, { io: "input" }) as JsonSchema;
  const secrets = z.toJSONSchema(p.secrets, { io: "input" }) as JsonSchema;
  const secretFields = Object.entries(secrets.properties ?? {}).map(([name]): FormField => ({
    key: name,
    label: humanize(name),
    kind: "secret",
    required: (secrets.required ?? []).includes(name),
  }));
  return { id, title: p.title, description: p.description, fields: [...objectFields(config, ""), ...secretFields], pullsMonths: id !== "file-upload" };
}

export function pluginForms(): PluginForm[] {
  return pluginIds.map(pluginForm);
}

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
