import { z } from "zod";
import { requireSourcePlugin, sourcePlugins } from "../plugins/registry";
import type { FormField, PluginForm } from "./plugin-form-values";

export * from "./plugin-form-values";

// Builds the admin form of each plugin from its zod schemas, on the server: the browser gets the
// result and imports only plugin-form-values.ts (no plugin code in its bundle).

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

type Hints = Record<string, string>;

const WORDS: Record<string, string> = { id: "ID", ea: "EA", mca: "MCA", utc: "UTC", s3: "S3" };

/** billingAccountId → "Billing account ID", mcaBillingProfile → "MCA billing profile". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/\s+/).map((w) => w.toLowerCase());
  const text = words.map((w) => WORDS[w] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldOf(key: string, name: string, s: JsonSchema, required: boolean, hints: Hints): FormField {
  const base = { key, label: humanize(name), required, default: s.default, hint: hints[name] };
  if (s.type === "boolean") return { ...base, kind: "boolean" };
  if (s.type === "array" && s.items?.enum) return { ...base, kind: "multi", options: s.items.enum.map((v) => ({ value: v, label: v })) };
  if (s.enum) return { ...base, kind: "choice", options: s.enum.map((v) => ({ value: v, label: humanize(v) })) };
  return { ...base, kind: s.format === "uri" ? "url" : "text" };
}

function objectFields(schema: JsonSchema, prefix: string, hints: Hints): FormField[] {
  const out: FormField[] = [];
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    const variants = s.oneOf ?? s.anyOf;
    if (variants?.every((v) => v.type === "object")) {
      out.push(...unionFields(variants, key, name, hints));
      continue;
    }
    const required = (schema.required ?? []).includes(name) && s.default === undefined;
    out.push(fieldOf(key, name, s, required, hints));
  }
  return out;
}

/** A discriminated union becomes a choice of its discriminator plus the fields of each variant. */
function unionFields(variants: JsonSchema[], key: string, name: string, hints: Hints): FormField[] {
  const tag = Object.keys(variants[0]!.properties ?? {}).find((p) => variants.every((v) => v.properties?.[p]?.const !== undefined));
  if (!tag) throw new Error(`plugin field ${key}: unions need a discriminator`);
  const values = variants.map((v) => v.properties![tag]!.const!);
  const fields: FormField[] = [{ key: `${key}.${tag}`, label: humanize(name), kind: "choice", required: true, default: values[0], options: values.map((v) => ({ value: v, label: humanize(v) })) }];
  const seen = new Map<string, FormField>();
  for (const v of variants) {
    const value = v.properties![tag]!.const!;
    const rest = { ...v, properties: Object.fromEntries(Object.entries(v.properties ?? {}).filter(([p]) => p !== tag)) };
    for (const f of objectFields(rest, key, hints)) {
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

export function pluginForm(id: string): PluginForm {
  const p = requireSourcePlugin(id);
  const config = z.toJSONSchema(p.configSchema, { io: "input" }) as JsonSchema;
  const secrets = z.toJSONSchema(p.secretsSchema, { io: "input" }) as JsonSchema;
  const secretFields = Object.entries(secrets.properties ?? {}).map(([name]): FormField => ({
    key: name,
    label: humanize(name),
    kind: "secret",
    required: (secrets.required ?? []).includes(name),
  }));
  return {
    id,
    title: p.manifest.name,
    description: p.manifest.description,
    fields: [...objectFields(config, "", p.hints ?? {}), ...secretFields],
    pullsMonths: p.pullsMonths,
    acceptsUploads: p.acceptsUploads,
  };
}

export function pluginForms(): PluginForm[] {
  return sourcePlugins().map((p) => pluginForm(p.manifest.id));
}
