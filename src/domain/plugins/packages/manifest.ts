/**
 * The manifest of a plugin package: the `abi` key of its package.json (issue 11, step 3). The
 * package's own `version` is the plugin version; `main` (default `index.js`) is its ESM entry.
 */
import semver from "semver";
import { z } from "zod";
import type { PluginManifest } from "../contract";

const range = z.string().refine((r) => semver.validRange(r) !== null, { error: "must be a semver range such as ^1.0.0" });

export const packageJsonSchema = z.object({
  name: z.string().min(1),
  version: z.string().refine((v) => semver.valid(v) !== null, { error: "must be a semver version such as 1.2.0" }),
  type: z.literal("module", { error: 'must be "module" (plugins are ES modules)' }),
  main: z
    .string()
    .regex(/^(\.\/)?[A-Za-z0-9_\-/]+\.m?js$/, "must be a relative .js/.mjs path inside the package")
    .refine((p) => !p.split("/").includes(".."), { error: 'must not contain ".."' })
    .default("index.js"),
  abi: z.object({
    id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be lower-case words joined by dashes"),
    kind: z.literal("source"),
    name: z.string().min(1).max(80),
    publisher: z.string().min(1).max(80),
    description: z.string().max(500).default(""),
    category: z.enum(["billing-api", "object-storage", "files"]),
    icon: z.string().max(200).default("🧩"),
    homepage: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).default(""),
    /** semver range of ABI_PLUGIN_API_VERSION it works with. */
    api: range,
    /** Other plugins it needs: id → semver range. */
    plugins: z.record(z.string(), range).default({}),
    changelog: z.string().max(20_000).default(""),
  }),
});

export type PluginPackageJson = z.infer<typeof packageJsonSchema>;

/** Parses a package.json; the message names the first wrong field. */
export function parsePackageJson(raw: unknown): PluginPackageJson {
  const r = packageJsonSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new PluginPackageError(`package.json: ${i.path.join(".") || "(root)"} ${i.message}`);
  }
  return r.data;
}

export function manifestOf(pkg: PluginPackageJson): PluginManifest {
  const a = pkg.abi;
  return { id: a.id, name: a.name, version: pkg.version, publisher: a.publisher, description: a.description, category: a.category, icon: a.icon, homepage: a.homepage, abi: a.api, dependencies: a.plugins };
}

/** A package that cannot be used, with the reason a person reads. */
export class PluginPackageError extends Error {
  override name = "PluginPackageError";
}

/**
 * A built-in's manifest from the package.json of its folder (src/domain/plugins/builtin/<id>/): the
 * same `abi` key, but a TypeScript entry and a homepage in ABI's docs are allowed.
 */
export function builtinManifest(raw: unknown): PluginManifest {
  const builtin = packageJsonSchema.extend({
    main: z.string(),
    // Built-ins may also be notifiers (alert channels); uploaded packages are source plugins only.
    abi: packageJsonSchema.shape.abi.extend({ homepage: z.string(), kind: z.enum(["source", "notifier"]), category: z.enum(["billing-api", "object-storage", "files", "notification"]) }),
  });
  const r = builtin.safeParse(raw);
  if (!r.success) throw new PluginPackageError(`built-in package.json: ${r.error.issues[0]!.path.join(".")} ${r.error.issues[0]!.message}`);
  return manifestOf(r.data as PluginPackageJson);
}
