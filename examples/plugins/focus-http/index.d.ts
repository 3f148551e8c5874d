// Types of the ABI plugin SDK as this plugin uses it (a copy of the contract in docs/plugins.md;
// a plugin package needs nothing from ABI's node_modules).
export type ConnectionStep = { step: string; ok: boolean; message: string; latencyMs: number };
export type ExtractedFile = { path: string; name: string; bytes: number };
export type FocusHttpConfig = { baseUrl: string; pathTemplate: string };
export type FocusHttpSecrets = { token?: string };

export interface PluginSdk {
  apiVersion: string;
  /** zod 4, ABI's instance: build schemas with it so ABI can generate the form. */
  /** ABI's zod 4 (z.object, z.string, z.url …); typed loosely so the package needs no zod. */
  z: any;
  datasetKinds: readonly ("azure-actual" | "azure-amortized" | "focus")[];
  download(
    url: string,
    file: string,
    opts?: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<{ path: string; bytes: number; sha256: string; status: number } | { notFound: true; status: 404 }>;
  checkUrl(url: string): Promise<URL>;
  errors: Record<"BadCredentialsError" | "InvalidSourceRequestError" | "SourceServerError" | "EndpointUnreachableError" | "SourceDataError", new (message: string) => Error>;
}

export interface FocusHttpPlugin {
  configSchema: unknown;
  secretsSchema: unknown;
  datasets: readonly string[];
  acceptsUploads: false;
  pullsMonths: true;
  testConnection(config: FocusHttpConfig, secrets: FocusHttpSecrets): Promise<ConnectionStep[]>;
  extractMonth(
    ctx: { config: FocusHttpConfig; secrets: FocusHttpSecrets; dir: string; signal?: AbortSignal; onProgress?: (p: { phase: string; bytesDone: number; bytesTotal?: number }) => void },
    month: string,
  ): Promise<{ files: ExtractedFile[]; bytes: number }>;
  migrateConfig(fromVersion: string, config: Record<string, unknown>): Record<string, unknown>;
}

export default function definePlugin(sdk: PluginSdk): FocusHttpPlugin;
