/**
 * The plugin contract (issue 11, step 1): what every ABI plugin implements. Callers never name a
 * plugin id; they look the plugin up in the registry (`registry.ts`) by the id stored on a data
 * source and use its capabilities. `kind` tells plugin kinds apart: "source" (data sources) and
 * "notifier" (alert channels, notifier-contract.ts).
 */
import type { z } from "zod";

/** The version of this contract; a plugin's manifest declares the range it works with (`abi`). */
export const ABI_PLUGIN_API_VERSION = "1.0.0";

export type PluginKind = "source" | "notifier";

export type PluginManifest = {
  /** Stable id, stored on every data source that uses the plugin: lower-case words and dashes. */
  id: string;
  name: string;
  /** semver */
  version: string;
  publisher: string;
  description: string;
  category: "billing-api" | "object-storage" | "files" | "notification";
  /** A short glyph or an image path shown in lists. */
  icon: string;
  homepage: string;
  /** semver range of ABI_PLUGIN_API_VERSION this plugin works with, e.g. "^1.0.0". */
  abi: string;
  /** Other plugins this one needs: id → semver range. */
  dependencies: Record<string, string>;
};

/**
 * Raw file layouts a source delivers, as the ingest pipeline reads them
 * (src/domain/ingest/layout.ts): Azure actual / amortized cost details, or FOCUS.
 */
export const DATASET_KINDS = ["azure-actual", "azure-amortized", "focus"] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** One step of "test connection" (e.g. "reach the endpoint", "list the prefix"). */
export type ConnectionStep = { step: string; ok: boolean; message: string; latencyMs: number };

export type ExtractedFile = { path: string; name: string; bytes: number };
export type Extracted = { files: ExtractedFile[]; bytes: number; note?: string };
export type ExtractProgress = { phase: string; bytesDone: number; bytesTotal?: number };

/** What `extractMonth` gets: the source's parsed settings and an empty directory to write into. */
export type ExtractContext<C, S> = {
  config: C;
  secrets: Partial<S>;
  /** Empty run directory; the files returned must lie under it. */
  dir: string;
  signal?: AbortSignal;
  onProgress?: (p: ExtractProgress) => void;
};

/** The months a source serves, when it can tell without asking it (e.g. an API's window). */
export type AvailableMonths = {
  /** YYYY-MM, oldest first. */
  months: string[];
  /** Why `month` (outside `months`) cannot be pulled, for a person to read. */
  why(month: string): string;
};

/**
 * The hosts a source's requests (and so its stored secret) go to. A stored secret is only sent to
 * the hosts it was saved with: changing one means entering the secret again.
 */
export type SecretHosts<C> = {
  /** Names the config fields holding the hosts, for messages: "S3 endpoint". */
  fields: string;
  /** Names the secret, for messages: "secret access key". */
  secret: string;
  hosts(config: C): string[];
  /** Throws UrlRefusedError (shared/url-policy.ts) for a host outside the URL policy. */
  assertAllowed(config: C): Promise<void>;
};

export type SourcePlugin<C extends Record<string, unknown> = Record<string, unknown>, S extends Record<string, string> = Record<string, string>> = {
  kind: "source";
  manifest: PluginManifest;
  /** Public settings, stored as JSON; the admin form is generated from it (plugin-form.ts). */
  configSchema: z.ZodType<C>;
  /** Secret settings, stored encrypted; shown as password fields, never sent back. */
  secretsSchema: z.ZodType<S>;
  /** Form hints by field name. */
  hints?: Record<string, string>;
  /** A valid configuration, for docs and the contract test. */
  example: { config: Record<string, unknown>; secrets: Record<string, string> };
  datasets: readonly DatasetKind[];
  /** Files are uploaded to it (browser, `abi ingest`) instead of pulled. */
  acceptsUploads: boolean;
  /** It pulls billing months itself: "run now", backfills and a daily schedule apply. */
  pullsMonths: boolean;
  testConnection(config: C, secrets: Partial<S>, opts?: { signal?: AbortSignal }): Promise<ConnectionStep[]>;
  /** Present exactly when `pullsMonths`: one billing month's raw files into ctx.dir. */
  extractMonth?(ctx: ExtractContext<C, S>, month: string): Promise<Extracted>;
  listAvailableMonths?(now: Date): AvailableMonths;
  secretHosts?: SecretHosts<C>;
  /** Turns a config saved by version `fromVersion` into one this version accepts (or throws why not). */
  migrateConfig(fromVersion: string, config: Record<string, unknown>): Record<string, unknown>;
};

/**
 * Type-checks a plugin against its own schemas and erases them for the registry. Callers parse
 * settings with the plugin's schemas before calling a capability.
 */
export function defineSourcePlugin<C extends Record<string, unknown>, S extends Record<string, string>>(p: SourcePlugin<C, S>): SourcePlugin {
  return p as unknown as SourcePlugin;
}
