export { ingestFiles, convertRun, validateRun } from "./ingest-files";
export { stageFiles } from "./stage-files";
export { planRun } from "./plan";
export { runTables, dropRunTables } from "./run-tables";
export { splitConverted, runMonths, swapMonths } from "./swap-step";
export { exportFocus } from "./export-focus";
export { validationReport } from "./validation-report";
export { IngestInputError } from "./errors";
export type { IngestOptions, IngestReport, IngestProgress, DatasetOption, CurrencyTotals } from "./types";
