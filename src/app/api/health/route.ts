import { NextResponse } from "next/server";
import { getRuntime } from "~/server/runtime";
import { checkHealth } from "~/domain/runtime/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const rt = await getRuntime();
  const report = await checkHealth({ env: rt.env, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });
  return NextResponse.json(report, { status: report.status === "ok" ? 200 : 503 });
}
