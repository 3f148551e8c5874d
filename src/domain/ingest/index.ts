export { ingestFiles, stageStep, convertStep, validateStep, swapStep, type StagedRun } from "./ingest-files";
export { runTables, dropRunTables } from "./run-tables";
export { exportFocus } from "./export-focus";
export { validationReport } from "./validation-report";
export { IngestInputError } from "./errors";
export { ingestJson } from "./ingest-json";
export type { IngestOptions, IngestReport, IngestProgress, DatasetOption, CurrencyTotals } from "./types";
