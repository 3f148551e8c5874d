export { generateEaExports } from "./generate-ea-exports";
export type { GenerateEaExportsOptions, GenerateEaExportsResult, GeneratedEaFile, InjectedAnomaly, SeedCommitmentSummary } from "./generate-ea-exports";
export { EA_2024_08_01_COLUMNS, EA_LEGACY_COLUMNS, type EaHeaderVersion } from "./ea-export-columns";
export { MIN_ROWS_PER_DAY } from "./universe";
