// An ABI data-source plugin written as a third party would: plain ESM, no build step, nothing
// imported from ABI. ABI calls the default export with its plugin SDK (see index.d.ts) and reads
// the manifest from package.json's "abi" key.
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** @param {import("./index.js").PluginSdk} sdk */
export default function definePlugin(sdk) {
  const { z } = sdk;
  const configSchema = z.object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    pathTemplate: z
      .string()
      .refine((t) => t.includes("{month}"), { error: "must contain {month}" })
      .default("{month}/focus.csv"),
  });
  const secretsSchema = z.object({ token: z.string().min(1).optional() });

  /** The URL of one month's file: baseUrl + pathTemplate with {month} = YYYY-MM. */
  const urlOf = (config, month) => `${config.baseUrl.replace(/\/+$/, "")}/${config.pathTemplate.replaceAll("{month}", month).replace(/^\/+/, "")}`;
  const headers = (secrets) => (secrets.token ? { authorization: `Bearer ${secrets.token}` } : {});

  return {
    configSchema,
    secretsSchema,
    hints: {
      baseUrl: "http(s):// address the FOCUS files are served under",
      pathTemplate: "Path of one month's CSV below the base URL; {month} becomes YYYY-MM",
      token: "Optional bearer token sent as Authorization: Bearer …",
    },
    example: { config: { baseUrl: "https://billing.example.com/focus", pathTemplate: "{month}/focus.csv" }, secrets: {} },
    datasets: ["focus"],
    acceptsUploads: false,
    pullsMonths: true,

    async testConnection(config, secrets) {
      const steps = [];
      const t0 = Date.now();
      try {
        await sdk.checkUrl(config.baseUrl);
        steps.push({ step: "check the URL", ok: true, message: "allowed by ABI's URL policy", latencyMs: Date.now() - t0 });
      } catch (err) {
        steps.push({ step: "check the URL", ok: false, message: err.message, latencyMs: Date.now() - t0 });
        return steps;
      }
      const month = new Date().toISOString().slice(0, 7);
      const tmp = path.join(os.tmpdir(), `focus-http-test-${process.pid}-${Date.now()}.csv`);
      const t1 = Date.now();
      try {
        const got = await sdk.download(urlOf(config, month), tmp, { headers: headers(secrets), timeoutMs: 15_000 });
        const message = "notFound" in got ? `the server answers; no file for ${month} yet` : `downloaded ${month}: ${got.bytes} bytes`;
        steps.push({ step: "fetch this month's file", ok: true, message, latencyMs: Date.now() - t1 });
      } catch (err) {
        steps.push({ step: "fetch this month's file", ok: false, message: err.message, latencyMs: Date.now() - t1 });
      } finally {
        await rm(tmp, { force: true });
      }
      return steps;
    },

    async extractMonth(ctx, month) {
      const url = urlOf(ctx.config, month);
      const name = path.posix.basename(new URL(url).pathname) || `${month}.csv`;
      const file = path.join(ctx.dir, name);
      ctx.onProgress?.({ phase: "download", bytesDone: 0 });
      const got = await sdk.download(url, file, { headers: headers(ctx.secrets), signal: ctx.signal });
      if ("notFound" in got) throw new sdk.errors.InvalidSourceRequestError(`no FOCUS file for ${month} at ${new URL(url).host} (HTTP 404)`);
      ctx.onProgress?.({ phase: "download", bytesDone: got.bytes, bytesTotal: got.bytes });
      return { files: [{ path: file, name, bytes: got.bytes }], bytes: got.bytes };
    },

    secretHosts: {
      fields: "base URL",
      secret: "bearer token",
      hosts: (config) => [new URL(config.baseUrl).host],
      assertAllowed: async (config) => void (await sdk.checkUrl(config.baseUrl)),
    },

    // 1.0.0 is the first version: nothing older to migrate from.
    migrateConfig: (_fromVersion, config) => config,
  };
}
