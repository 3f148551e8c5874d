import { openRuntime, migrateAll } from "../../domain/runtime";

export async function migrateCommand(): Promise<void> {
  const rt = await openRuntime({ migrate: false });
  try {
    const result = await migrateAll(rt);
    console.log(
      `PostgreSQL migrations applied (${rt.env.postgresMode}); ClickHouse: ${
        result.clickhouse.length ? `applied ${result.clickhouse.join(", ")}` : "up to date"
      } (${rt.env.clickhouseMode})`,
    );
  } finally {
    await rt.close();
  }
}
