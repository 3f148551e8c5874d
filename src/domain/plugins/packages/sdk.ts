/**
 * The plugin SDK: everything a plugin package gets from ABI. A package imports nothing from ABI's
 * node_modules; its entry default-exports `definePlugin(sdk)` and builds its schemas with `sdk.z`
 * (so the admin form, generated from them, understands them) and downloads with `sdk.download`
 * (so the URL policy applies).
 */
import { z } from "zod";
import { ABI_PLUGIN_API_VERSION, DATASET_KINDS } from "../contract";
import * as errors from "../../sources/shared/errors";
import { downloadToFile, checkHttpUrl } from "./sdk-download";

export const pluginSdk = Object.freeze({
  apiVersion: ABI_PLUGIN_API_VERSION,
  z,
  datasetKinds: DATASET_KINDS,
  /** GET a URL into a file (streamed), refusing link-local and metadata hosts; see sdk-download.ts. */
  download: downloadToFile,
  /** Throws UrlRefusedError for a URL outside the policy (for `secretHosts.assertAllowed`). */
  checkUrl: checkHttpUrl,
  /** The typed errors a capability throws; `retryable` decides Temporal retries. */
  errors: Object.freeze({
    BadCredentialsError: errors.BadCredentialsError,
    InvalidSourceRequestError: errors.InvalidSourceRequestError,
    SourceServerError: errors.SourceServerError,
    EndpointUnreachableError: errors.EndpointUnreachableError,
    SourceDataError: errors.SourceDataError,
  }),
});

export type PluginSdk = typeof pluginSdk;
