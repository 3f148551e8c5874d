/** Parquet (FOCUS exports) → staging table of strings, read by the engine itself. */
import type { ClickHouseClient } from "@clickhouse/client";
import type { FileProbe } from "./file-probe";
import { isEmbeddedClickHouse } from "./engine-mode";
import { IngestInputError } from "./errors";
import { createStageTable, STREAM_INSERT_SETTINGS } from "./stage";

export async function stageParquet(ch: ClickHouseClient, table: string, file: FileProbe): Promise<{ header: string[]; rows: number }> {
  if (!isEmbeddedClickHouse(ch)) {
    throw new IngestInputError(`${file.name}: Parquet files can only be ingested in embedded mode for now; export the FOCUS data as CSV (gzip is fine) for a ClickHouse server`);
  }
  let header: string[];
  try {
    const rs = await ch.query({ query: "DESCRIBE file({path:String}, 'Parquet')", query_params: { path: file.path }, format: "JSONEachRow" });
    header = (await rs.json<{ name: string }>()).map((r) => r.name);
  } catch (e) {
    throw new IngestInputError(`${file.name}: cannot read the Parquet file (${(e as Error).message.split("\n")[0]})`);
  }
  const bad = header.find((h) => !/^[A-Za-z0-9_]+$/.test(h));
  if (bad !== undefined) throw new IngestInputError(`${file.name}: unsupported Parquet column name ${JSON.stringify(bad)}`);
  await createStageTable(ch, table, header.length);
  const cols = header.map((h) => `ifNull(toString(\`${h}\`), '')`).join(", ");
  await ch.command({
    query: `INSERT INTO ${table} SELECT rowNumberInAllBlocks() + 1, ${cols} FROM file({path:String}, 'Parquet') SETTINGS ${STREAM_INSERT_SETTINGS}`,
    query_params: { path: file.path },
  });
  const rs = await ch.query({ query: `SELECT count() AS n FROM ${table}`, format: "JSONEachRow" });
  const [row] = await rs.json<{ n: string }>();
  return { header, rows: Number(row?.n ?? 0) };
}
