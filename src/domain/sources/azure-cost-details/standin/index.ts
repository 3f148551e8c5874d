export { AzureStandin, startAzureStandin, type AzureStandinOptions } from "./server";
export type { StandinBlob, StandinCredential, StandinFaults, StandinReport, StandinStats } from "./state";
export { SUPPORTED_API_VERSIONS } from "./request-rules";
