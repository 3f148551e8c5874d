/**
 * FOCUS 1.3 Contract Commitment files → focus_contract_commitments (docs/contract-commitments.md).
 * Each file is staged as strings, every row is checked (reasons in words), passing rows go to the
 * run's data table and failing rows to its quarantine; the swap replaces the (source, file set)
 * partition of both tables at once, so a re-load replaces and never duplicates.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { probeFile } from "./file-probe";
import { createStageTable, loadCsvIntoStage } from "./stage";
import { sha256File } from "./stage-files";
import { runTables } from "./run-tables";
import { IngestInputError } from "./errors";
import { CC_REQUIRED, ccHeaderIndex, type CcColumn } from "./contract-commitment-file";
import type { FileLineage } from "./types";

export const CC_DATASET = "focus-1.3-contract-commitment";

export function ccTables(runId: string) {
  const { prefix, stage } = runTables(runId);
  return { stage, data: `${prefix}_cc_data`, quar: `${prefix}_cc_quar` };
}

/** The file set a run loads: its file names, sorted, one per line (the partition key with the source). */
export function fileSetKey(names: string[]): string {
  return [...names].sort().join("\n");
}

/**
 * The typed values and the reasons a row fails, as SQL over the staged strings `s.c1..cN`.
 * Dates are read as UTC; money and quantities as Decimal(38, 18) (never a float).
 */
function rowSql(header: string[]): { values: string; reasons: string } {
  const idx = ccHeaderIndex(header);
  const col = (c: CcColumn) => (idx.has(c) ? `trimBoth(s.c${idx.get(c)! + 1})` : "''");
  const dt = (c: CcColumn) => `parseDateTimeBestEffortOrNull(nullIf(${col(c)}, ''), 'UTC')`;
  const num = (c: CcColumn) => `if(${col(c)} = '', NULL, toDecimal128OrNull(${col(c)}, 18))`;
  const values = [
    `${col("ContractId")} AS ContractId`,
    `${col("ContractCommitmentId")} AS ContractCommitmentId`,
    `${col("ContractCommitmentCategory")} AS ContractCommitmentCategory`,
    `${col("ContractCommitmentType")} AS ContractCommitmentType`,
    `nullIf(${col("ContractCommitmentDescription")}, '') AS ContractCommitmentDescription`,
    `${num("ContractCommitmentCost")} AS ContractCommitmentCost`,
    `${num("ContractCommitmentQuantity")} AS ContractCommitmentQuantity`,
    `nullIf(${col("ContractCommitmentUnit")}, '') AS ContractCommitmentUnit`,
    `${dt("ContractCommitmentPeriodStart")} AS ContractCommitmentPeriodStart`,
    `${dt("ContractCommitmentPeriodEnd")} AS ContractCommitmentPeriodEnd`,
    `${dt("ContractPeriodStart")} AS ContractPeriodStart`,
    `${dt("ContractPeriodEnd")} AS ContractPeriodEnd`,
    `nullIf(${col("BillingCurrency")}, '') AS BillingCurrency`,
  ].join(",\n  ");
  const required = (c: CcColumn) => `if(${col(c)} = '', '${c} is empty', '')`;
  const date = (c: CcColumn) => `if(${col(c)} != '' AND ${dt(c)} IS NULL, concat('${c} is not a date-time: ', ${col(c)}), '')`;
  const number = (c: CcColumn) => `if(${col(c)} != '' AND ${num(c)} IS NULL, concat('${c} is not a number: ', ${col(c)}), '')`;
  const checks = [
    required("ContractId"),
    required("ContractCommitmentId"),
    required("ContractCommitmentType"),
    `if(${col("ContractCommitmentCategory")} NOT IN ('Spend', 'Usage'), concat('ContractCommitmentCategory must be Spend or Usage, not "', ${col("ContractCommitmentCategory")}, '"'), '')`,
    ...(["ContractCommitmentPeriodStart", "ContractCommitmentPeriodEnd", "ContractPeriodStart", "ContractPeriodEnd"] as const).flatMap((c) => [required(c), date(c)]),
    `if(ContractCommitmentPeriodEnd <= ContractCommitmentPeriodStart, 'ContractCommitmentPeriodEnd must be after ContractCommitmentPeriodStart', '')`,
    `if(ContractPeriodEnd <= ContractPeriodStart, 'ContractPeriodEnd must be after ContractPeriodStart', '')`,
    `if(ContractCommitmentPeriodStart < ContractPeriodStart OR ContractCommitmentPeriodEnd > ContractPeriodEnd, 'the commitment period lies outside the contract period', '')`,
    number("ContractCommitmentCost"),
    number("ContractCommitmentQuantity"),
    `if(ContractCommitmentCost < 0, 'ContractCommitmentCost must not be negative', '')`,
    `if(ContractCommitmentQuantity < 0, 'ContractCommitmentQuantity must not be negative', '')`,
    `if(ContractCommitmentCategory = 'Spend' AND ${col("ContractCommitmentCost")} = '', 'ContractCommitmentCost is required for a Spend commitment', '')`,
    `if(ContractCommitmentCategory = 'Usage' AND (${col("ContractCommitmentQuantity")} = '' OR ${col("ContractCommitmentUnit")} = ''), 'ContractCommitmentQuantity and ContractCommitmentUnit are required for a Usage commitment', '')`,
    `if(${col("ContractCommitmentCost")} != '' AND ${col("BillingCurrency")} = '', 'BillingCurrency is required with ContractCommitmentCost', '')`,
    `if(${col("BillingCurrency")} != '' AND NOT match(${col("BillingCurrency")}, '^[A-Z]{3}$'), concat('BillingCurrency must be a three-letter ISO 4217 code, not "', ${col("BillingCurrency")}, '"'), '')`,
  ];
  // ifNull: a comparison with an unparsed (NULL) date is NULL, and that row already has its reason.
  return { values, reasons: `arrayFilter(x -> x != '', [${checks.map((c) => `ifNull(${c}, '')`).join(",\n    ")}])` };
}

export type CcStageResult = {
  fileSet: string;
  rows: { in: number; loaded: number; quarantined: number };
  reasons: { rule: string; rows: number }[];
  files: FileLineage[];
};

/** Stages and checks every file of the run; nothing stored outside the run's tables yet. */
export async function stageContractCommitments(
  ch: ClickHouseClient,
  run: { runId: string; sourceId: string; files: string[]; names: string[] },
): Promise<CcStageResult> {
  const t = ccTables(run.runId);
  const fileSet = fileSetKey(run.names);
  await ch.command({ query: `CREATE TABLE ${t.data} AS focus_contract_commitments` });
  await ch.command({ query: `CREATE TABLE ${t.quar} AS focus_contract_commitment_quarantine` });
  const files: FileLineage[] = [];
  for (const [i, file] of run.files.entries()) {
    const name = run.names[i]!;
    const probe = { ...(await probeFile(file)), name };
    const missing = CC_REQUIRED.filter((c) => !ccHeaderIndex(probe.header).has(c));
    if (missing.length) throw new IngestInputError(`${name}: looks like a FOCUS 1.3 contract-commitment file but required columns are missing: ${missing.join(", ")}`);
    const hash = sha256File(file);
    await createStageTable(ch, t.stage(i), probe.header.length);
    const rows = await loadCsvIntoStage(ch, t.stage(i), probe);
    const { values, reasons } = rowSql(probe.header);
    const params = { sourceId: run.sourceId, fileSet, runId: run.runId, fileName: name, header: probe.header };
    const checked = `SELECT s._row AS _row, ${values}, ${reasons} AS _reasons FROM ${t.stage(i)} AS s`;
    await ch.command({
      query: `INSERT INTO ${t.data}
SELECT ContractId, ContractCommitmentId, ContractCommitmentCategory, ContractCommitmentType, ContractCommitmentDescription,
  ContractCommitmentCost, ContractCommitmentQuantity, ContractCommitmentUnit,
  assumeNotNull(ContractCommitmentPeriodStart), assumeNotNull(ContractCommitmentPeriodEnd), assumeNotNull(ContractPeriodStart), assumeNotNull(ContractPeriodEnd),
  BillingCurrency, {sourceId:String}, {fileSet:String}, {runId:String}, {fileName:String}, _row
FROM (${checked}) WHERE empty(_reasons)`,
      query_params: params,
    });
    const raw = probe.header.map((_, k) => `s.c${k + 1}`).join(", ");
    await ch.command({
      query: `INSERT INTO ${t.quar} (x_SourceId, x_FileSet, x_IngestRunId, file_name, row_number, reasons, raw_row)
SELECT {sourceId:String}, {fileSet:String}, {runId:String}, {fileName:String}, s._row, c._reasons, toJSONString(mapFromArrays({header:Array(String)}, [${raw}]))
FROM ${t.stage(i)} AS s INNER JOIN (SELECT _row, _reasons FROM (${checked}) WHERE notEmpty(_reasons)) AS c ON s._row = c._row`,
      query_params: params,
    });
    files.push({
      name, path: file, sizeBytes: probe.sizeBytes, sha256: await hash, dataset: CC_DATASET,
      format: probe.format, compression: probe.compression, rows, selectedRows: rows,
    });
  }
  const count = async (table: string) => Number((await (await ch.query({ query: `SELECT count() AS n FROM ${table}`, format: "JSONEachRow" })).json<{ n: string }>())[0]?.n ?? 0);
  const rowsIn = files.reduce((n, f) => n + f.rows, 0);
  const loaded = await count(t.data);
  const rs = await ch.query({ query: `SELECT r AS rule, count() AS rows FROM ${t.quar} ARRAY JOIN reasons AS r GROUP BY r ORDER BY rows DESC, r`, format: "JSONEachRow" });
  const reasons = (await rs.json<{ rule: string; rows: string }>()).map((r) => ({ rule: r.rule, rows: Number(r.rows) }));
  const result = { fileSet, rows: { in: rowsIn, loaded, quarantined: rowsIn - loaded }, reasons, files };
  if (rowsIn === 0) throw new IngestInputError(`${run.names.join(", ")}: the file has a header but no data rows; nothing was loaded`);
  if (loaded === 0) {
    const top = reasons.slice(0, 3).map((q) => `${q.rule} (${q.rows} rows)`).join(", ");
    throw new IngestInputError(`all ${rowsIn} contract-commitment rows failed validation (${top}); previous data was kept`);
  }
  return result;
}

/** Replaces the (source, file set) partition of the commitments and their quarantine with the run's rows. */
export async function swapContractCommitments(ch: ClickHouseClient, run: { runId: string; sourceId: string; fileSet: string }): Promise<void> {
  const t = ccTables(run.runId);
  const params = { s: run.sourceId, f: run.fileSet };
  for (const [target, from] of [["focus_contract_commitments", t.data], ["focus_contract_commitment_quarantine", t.quar]] as const) {
    const rs = await ch.query({ query: `SELECT count() AS n FROM ${from}`, format: "JSONEachRow" });
    const n = Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
    const query = n > 0
      ? `ALTER TABLE ${target} REPLACE PARTITION ({s:String}, {f:String}) FROM ${from}`
      : `ALTER TABLE ${target} DROP PARTITION ({s:String}, {f:String})`;
    await ch.command({ query, query_params: params });
  }
}
