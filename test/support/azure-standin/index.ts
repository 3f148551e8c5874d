/** A local stand-in for Entra ID + Cost Details + blob storage, for tests only. */
export { AzureStandin, startAzureStandin, type AzureStandinOptions } from "./server";
export type { StandinBlob, StandinCredential, StandinFaults, StandinReport, StandinStats } from "./state";
export { SUPPORTED_API_VERSIONS } from "./request-rules";
