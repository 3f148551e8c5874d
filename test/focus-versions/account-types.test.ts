/**
 * FOCUS 1.0 rows of every provider get BillingAccountType / SubAccountType when upgraded: the stored
 * dataset has both columns, so FOCUS 1.2 requires them on every row with a BillingAccountId /
 * SubAccountId (BillingAccountType-C-005-C, SubAccountType-C-005-C), AWS, Google Cloud and Oracle
 * rows included. Before, only Microsoft rows got a type and the official validator failed the
 * upgraded FOCUS 1.0 sample on both rules. Expected values are the provider terms of FOCUS_Spec
 * supporting_content/columns/{billingaccounttype,subaccounttype}.md, written out here by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { parseCsv } from "../helpers/parse-csv";
import { FIX, rows } from "../focus/helpers";

let ch: ClickHouseClient;
let file: string;

const csvField = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** Rows of the official 1.0 sample, one per provider, plus Google Cloud rows made from an AWS row. */
beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  const [header, ...data] = parseCsv(fs.readFileSync(FIX("focus-1.0/focus_sample.csv"), "utf8"));
  const col = (name: string) => header!.indexOf(name);
  const pick = (provider: string) => data.find((r) => r[col("ProviderName")] === provider)!;
  const set = (row: string[], values: Record<string, string>) => row.map((v, i) => values[header![i]!] ?? v);
  const aws = pick("AWS");
  const microsoft = pick("Microsoft");
  // The sample's Oracle rows break two 1.0 MUSTs; this one has them mended (its own cost as ContractedCost).
  const oracleRow = pick("Oracle");
  const oracle = set(oracleRow, { ChargeFrequency: "Usage-Based", ContractedCost: oracleRow[col("BilledCost")]!, ContractedUnitPrice: oracleRow[col("ListUnitPrice")]! });
  const gcp = set(aws, { ProviderName: "Google Cloud", PublisherName: "Google Cloud", InvoiceIssuerName: "Google Cloud", BillingAccountId: "012345-567890-ABCDEF", SubAccountId: "acme-prod-4711", SubAccountName: "acme-prod" });
  // A charge of no project (e.g. a support fee): SubAccountId null, so SubAccountType stays null.
  const gcpNoProject = set(gcp, { Id: "gcp-no-project", SubAccountId: "NULL", SubAccountName: "NULL" });
  const out = [header!, aws, microsoft, oracle, gcp, gcpNoProject].map((r) => r.map(csvField).join(",")).join("\n");
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-account-types-")), "focus-1.0-providers.csv");
  fs.writeFileSync(file, `${out}\n`);
});

afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

describe("FOCUS 1.0 upgrade: account types by provider", () => {
  it("derives BillingAccountType and SubAccountType for AWS, Google Cloud, Microsoft and Oracle rows", async () => {
    const r = await ingestFiles(ch, { sourceId: "types", files: [file] });
    expect(r.rows).toMatchObject({ in: 5, loaded: 5, quarantined: 0 });
    const types = await rows<{ p: string; sub: string | null; bat: string | null; sat: string | null }>(
      ch,
      `SELECT ProviderName AS p, SubAccountId AS sub, BillingAccountType AS bat, SubAccountType AS sat FROM focus_billing_data
       WHERE x_SourceId = 'types' ORDER BY p, sub NULLS FIRST`,
    );
    expect(types.map(({ p, bat, sat }) => ({ p, bat, sat }))).toEqual([
      { p: "AWS", bat: "Payer Account", sat: "Membership Account" },
      { p: "Google Cloud", bat: "Billing Account", sat: null },
      { p: "Google Cloud", bat: "Billing Account", sat: "Project" },
      { p: "Microsoft", bat: "Billing Account", sat: "Subscription" },
      { p: "Oracle", bat: "Billing Account", sat: "Tenancy" },
    ]);
  });
});
