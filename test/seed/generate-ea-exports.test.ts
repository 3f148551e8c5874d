import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EA_2024_08_01_COLUMNS, generateEaExports, type GenerateEaExportsResult } from "~/domain/seed";
import { dec, readExportCsv } from "./read-export-csv";

const FIXTURES = path.resolve("test/fixtures/azure-ea");
const OPEN_DATA = path.resolve("clickhouse/open-data");
const ROWS_PER_DAY = 150;
const base = { months: 1, endMonth: "2025-06", rowsPerDay: ROWS_PER_DAY };

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `abi-seed-${name}-`));
const sha = (p: string) => crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
const byKind = (r: GenerateEaExportsResult, kind: "actual" | "amortized") => r.files.find((f) => f.kind === kind)!;
const isCommitment = (pm: string | undefined) => pm === "Reservation" || pm === "SavingsPlan";

let a: GenerateEaExportsResult;
let again: GenerateEaExportsResult;
let otherSeed: GenerateEaExportsResult;
let legacy: GenerateEaExportsResult;
let actual: ReturnType<typeof readExportCsv>;
let amortized: ReturnType<typeof readExportCsv>;

beforeAll(async () => {
  a = await generateEaExports({ ...base, outDir: tmp("a"), seed: 7 });
  again = await generateEaExports({ ...base, outDir: tmp("again"), seed: 7 });
  otherSeed = await generateEaExports({ ...base, outDir: tmp("b"), seed: 8 });
  legacy = await generateEaExports({ ...base, outDir: tmp("legacy"), seed: 7, headerVersion: "legacy" });
  actual = readExportCsv(byKind(a, "actual").path);
  amortized = readExportCsv(byKind(a, "amortized").path);
});

describe("determinism", () => {
  it("writes byte-identical files for the same options and seed", () => {
    expect(a.files.map((f) => sha(f.path))).toEqual(again.files.map((f) => sha(f.path)));
    expect(fs.readFileSync(a.manifestPath, "utf8")).toBe(fs.readFileSync(again.manifestPath, "utf8"));
    expect(again.anomalies).toEqual(a.anomalies);
  });

  it("writes different data for another seed", () => {
    expect(otherSeed.files.map((f) => sha(f.path))).not.toEqual(a.files.map((f) => sha(f.path)));
    expect(byKind(otherSeed, "actual").cost).not.toBe(byKind(a, "actual").cost);
  });
});

describe("file format", () => {
  it("legacy layout repeats the FinOps-toolkit fixture header byte for byte (BOM included)", () => {
    const fixtureHeader = fs.readFileSync(path.join(FIXTURES, "EA_ActualCost_Small.csv"), "utf8").split("\n")[0];
    const amortizedHeader = fs.readFileSync(path.join(FIXTURES, "EA_AmortizedCost_Small.csv"), "utf8").split("\n")[0];
    for (const f of legacy.files) expect(fs.readFileSync(f.path, "utf8").split("\n")[0]).toBe(fixtureHeader);
    expect(amortizedHeader).toBe(fixtureHeader);
  });

  it("default layout is EA 2024-08-01: 57 columns, BOM, the 55 fixture columns plus AccountId and ResourceLocationNormalized", () => {
    const first = fs.readFileSync(byKind(a, "actual").path, "utf8").split("\n")[0]!;
    expect(first.startsWith("\uFEFFInvoiceSectionName,")).toBe(true);
    expect(actual.header).toEqual([...EA_2024_08_01_COLUMNS]);
    const aliases: Record<string, string> = { Cost: "CostInBillingCurrency", BillingCurrency: "BillingCurrencyCode", Product: "ProductName", InvoiceSection: "InvoiceSectionName" };
    const fixtureCols = readExportCsv(path.join(FIXTURES, "EA_ActualCost_Small.csv")).header.map((h) => aliases[h] ?? h);
    expect([...fixtureCols, "AccountId", "ResourceLocationNormalized"].sort()).toEqual([...EA_2024_08_01_COLUMNS].sort());
  });

  it("legacy and 2024-08-01 files carry the same values under their own column names", () => {
    const leg = readExportCsv(byKind(legacy, "amortized").path).rows;
    expect(leg.length).toBe(amortized.rows.length);
    for (const i of [0, 1, 500, leg.length - 1]) {
      const n = amortized.rows[i]!;
      const l = leg[i]!;
      expect(l.Cost).toBe(n.CostInBillingCurrency);
      expect(l.Product).toBe(n.ProductName);
      expect(l.InvoiceSection).toBe(n.InvoiceSectionName);
      expect(l.BillingCurrency).toBe(n.BillingCurrencyCode);
      expect(l.Tags).toBe(n.Tags);
      expect(l.ResourceId).toBe(n.ResourceId);
    }
  });

  it("uses MM/dd/yyyy dates and billing periods of the month", () => {
    for (const r of [...actual.rows, ...amortized.rows]) {
      expect(r.Date).toMatch(/^06\/(0[1-9]|[12]\d|30)\/2025$/);
      expect(r.BillingPeriodStartDate).toBe("06/01/2025");
      expect(r.BillingPeriodEndDate).toBe("06/30/2025");
    }
  });

  it("uses region spellings, units and service types that the FinOps toolkit open data resolves", () => {
    const regions = new Set(readExportCsv(path.join(OPEN_DATA, "Regions.csv")).rows.map((r) => r.OriginalValue));
    const units = new Set(readExportCsv(path.join(OPEN_DATA, "PricingUnits.csv")).rows.map((r) => r.UnitOfMeasure));
    const types = new Set(readExportCsv(path.join(OPEN_DATA, "Services.csv")).rows.map((r) => r.ResourceType!.toLowerCase()));
    const locations = new Set(amortized.rows.map((r) => r.ResourceLocation!.toLowerCase()));
    expect([...locations].filter((l) => !regions.has(l))).toEqual([]);
    const usedUnits = new Set(amortized.rows.map((r) => r.UnitOfMeasure).filter(Boolean));
    expect([...usedUnits].filter((u) => !units.has(u!))).toEqual([]);
    const armTypes = new Set(
      amortized.rows
        .filter((r) => r.ResourceId!.toLowerCase().startsWith("/subscriptions/"))
        .map((r) => {
          const segs = r.ResourceId!.split("/providers/")[1]!.split("/");
          return segs.filter((_, i) => i === 0 || i % 2 === 1).join("/").toLowerCase();
        }),
    );
    expect([...armTypes].filter((t) => !types.has(t))).toEqual([]);
    expect(armTypes.size).toBeGreaterThanOrEqual(12);
  });
});

describe("rows and totals", () => {
  it("writes exactly rowsPerDay usage rows per day in both files, and reports the row counts", () => {
    expect(byKind(a, "actual").rows).toBe(actual.rows.length);
    expect(byKind(a, "amortized").rows).toBe(amortized.rows.length);
    for (const file of [actual, amortized]) {
      const perDay = new Map<string, number>();
      for (const r of file.rows) if (r.ChargeType === "Usage") perDay.set(r.Date!, (perDay.get(r.Date!) ?? 0) + 1);
      expect(perDay.size).toBe(30);
      expect([...new Set(perDay.values())]).toEqual([ROWS_PER_DAY]);
    }
  });

  it("reports the exact sum of CostInBillingCurrency per file; costs have at most 10 decimals", () => {
    for (const [file, parsed] of [[byKind(a, "actual"), actual], [byKind(a, "amortized"), amortized]] as const) {
      const sum = parsed.rows.reduce((s, r) => s + dec(r.CostInBillingCurrency!), 0n);
      expect(dec(file.cost)).toBe(sum);
      expect(file.bytes).toBe(fs.statSync(file.path).size);
    }
  });

  it("every usage row costs Quantity × EffectivePrice exactly", () => {
    for (const r of [...actual.rows, ...amortized.rows].filter((x) => x.ChargeType === "Usage" || x.ChargeType!.startsWith("Unused"))) {
      expect(dec(r.Quantity!, 4) * dec(r.EffectivePrice!, 6)).toBe(dec(r.CostInBillingCurrency!));
    }
  });
});

describe("actual vs amortized", () => {
  const usage = (f: ReturnType<typeof readExportCsv>) => f.rows.map((r, i) => ({ r, line: f.lines[i]! })).filter((x) => x.r.ChargeType === "Usage");

  it("on-demand, spot and marketplace usage rows are identical in both files", () => {
    const ua = usage(actual);
    const um = usage(amortized);
    expect(ua.length).toBe(um.length);
    let same = 0;
    for (let i = 0; i < ua.length; i++) {
      if (!isCommitment(ua[i]!.r.PricingModel)) {
        expect(ua[i]!.line).toBe(um[i]!.line);
        same++;
      }
    }
    expect(same).toBeGreaterThan(ua.length * 0.9);
    const models = new Set(ua.map((x) => x.r.PricingModel));
    expect([...models].sort()).toEqual(["OnDemand", "Reservation", "SavingsPlan", "Spot"]);
    expect(ua.some((x) => x.r.PublisherType === "Marketplace")).toBe(true);
  });

  it("commitment-covered usage costs 0 in the actual file and the amortized price in the amortized file", () => {
    const ua = usage(actual);
    const um = usage(amortized);
    let covered = 0;
    for (let i = 0; i < ua.length; i++) {
      const x = ua[i]!.r;
      const y = um[i]!.r;
      if (!isCommitment(x.PricingModel)) continue;
      covered++;
      expect(y.PricingModel).toBe(x.PricingModel);
      expect([x.EffectivePrice, x.CostInBillingCurrency]).toEqual(["0", "0"]);
      expect(dec(y.CostInBillingCurrency!)).toBeGreaterThan(0n);
      expect(y.benefitId).toBe(x.benefitId);
      expect(x.benefitId).toMatch(x.PricingModel === "Reservation" ? /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[0-9a-f-]{36}\/reservations\/[0-9a-f-]{36}$/ : /^\/providers\/Microsoft\.BillingBenefits\/savingsPlanOrders\/[0-9a-f-]{36}\/savingsPlans\/[0-9a-f-]{36}$/);
      if (x.PricingModel === "Reservation") expect(x.ReservationId).toBe(x.benefitId!.split("/").pop());
      const rest = (r: Record<string, string>) => ({ ...r, EffectivePrice: "", CostInBillingCurrency: "" });
      expect(rest(y)).toEqual(rest(x));
    }
    expect(covered).toBeGreaterThan(0);
  });

  it("purchases and refunds of commitments are only in the actual file; unused rows only in the amortized file", () => {
    const kinds = (f: ReturnType<typeof readExportCsv>) => f.rows.map((r) => `${r.ChargeType}/${r.PricingModel}`);
    const ka = kinds(actual);
    const km = kinds(amortized);
    expect(ka).toContain("Purchase/Reservation");
    expect(ka).toContain("Purchase/SavingsPlan");
    expect(ka).toContain("Refund/Reservation");
    expect(km).toContain("UnusedReservation/Reservation");
    expect(km).toContain("UnusedSavingsPlan/SavingsPlan");
    for (const k of km) expect(k).not.toMatch(/^(Purchase|Refund)\/(Reservation|SavingsPlan)$/);
    for (const k of ka) expect(k).not.toMatch(/^Unused/);
    const refund = actual.rows.find((r) => r.ChargeType === "Refund")!;
    expect(dec(refund.CostInBillingCurrency!)).toBeLessThan(0n);
    expect(refund.Quantity).toBe("-1");
    expect(dec(refund.UnitPrice!)).toBe(-dec(refund.CostInBillingCurrency!));
    expect(a.commitments.find((c) => c.refund)?.refund?.amount).toBe(refund.CostInBillingCurrency);
    const upfront = actual.rows.filter((r) => r.ChargeType === "Purchase" && r.Frequency === "OneTime");
    const monthly = actual.rows.filter((r) => r.ChargeType === "Purchase" && r.PricingModel === "Reservation" && r.Frequency === "Recurring");
    expect(upfront.length).toBe(1);
    expect(monthly.length).toBe(1);
  });

  it("marketplace purchases and rounding adjustments appear identically in both files", () => {
    for (const pick of [(r: Record<string, string>) => r.ChargeType === "RoundingAdjustment", (r: Record<string, string>) => r.ChargeType === "Purchase" && r.PublisherType === "Marketplace"]) {
      const la = actual.lines.filter((_, i) => pick(actual.rows[i]!));
      const lm = amortized.lines.filter((_, i) => pick(amortized.rows[i]!));
      expect(la.length).toBe(1);
      expect(lm).toEqual(la);
    }
  });

  it("a reservation's daily used + unused hours equal its capacity; a savings plan's used + unused cost its daily commitment", () => {
    const perBenefitDay = new Map<string, { qty: bigint; cost: bigint; unusedPrice?: bigint }>();
    for (const r of amortized.rows) {
      if (!isCommitment(r.PricingModel) || !(r.ChargeType === "Usage" || r.ChargeType!.startsWith("Unused"))) continue;
      const k = `${r.benefitId}|${r.Date}`;
      const v = perBenefitDay.get(k) ?? { qty: 0n, cost: 0n };
      v.qty += dec(r.Quantity!, 4);
      v.cost += dec(r.CostInBillingCurrency!);
      if (r.ChargeType!.startsWith("Unused")) v.unusedPrice = dec(r.EffectivePrice!);
      perBenefitDay.set(k, v);
    }
    const riCapacity = new Set<bigint>();
    const spDaily = new Map<string, bigint[]>();
    for (const [k, v] of perBenefitDay) {
      if (k.includes("Microsoft.Capacity")) riCapacity.add(v.qty);
      else spDaily.set(k, [v.cost, v.unusedPrice ?? 0n]);
    }
    // 6 × D4s v5, 10 SQL vCores, 4 × E4s v5 — in 1e-4 hours
    expect([...riCapacity].sort()).toEqual([96n * 10_000n, 144n * 10_000n, 240n * 10_000n].sort());
    const hourly = [...spDaily.values()].find((x) => x[1]! > 0n)![1]!;
    for (const [cost = 0n] of spDaily.values()) {
      const diff = cost - 24n * hourly;
      expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(hourly / 10_000n);
    }
  });
});

describe("realism", () => {
  it("spreads rows over many subscriptions, 3 departments and 4 enrollment accounts", () => {
    const subs = new Set(amortized.rows.map((r) => r.SubscriptionName).filter(Boolean));
    expect(subs.size).toBeGreaterThanOrEqual(12);
    expect(new Set(amortized.rows.filter((r) => r.SubscriptionId).map((r) => r.InvoiceSectionName)).size).toBe(3);
    expect(new Set(amortized.rows.filter((r) => r.SubscriptionId).map((r) => r.AccountName)).size).toBe(4);
    expect(new Set(amortized.rows.map((r) => r.MeterCategory)).size).toBeGreaterThanOrEqual(12);
  });

  it("writes Tags as brace-less JSON fragments with the real quirks", () => {
    const tags = amortized.rows.map((r) => r.Tags!);
    expect(tags.some((t) => t === "")).toBe(true);
    expect(tags.every((t) => !t.startsWith("{"))).toBe(true);
    const keys = new Set<string>();
    for (const t of tags.filter(Boolean)) {
      const obj = JSON.parse(`{${t}}`) as Record<string, string>;
      for (const k of Object.keys(obj)) keys.add(k);
    }
    expect(tags.find((t) => t.includes('": "","') || t.endsWith('": ""'))).toBeDefined();
    expect([...keys].filter((k) => k.toLowerCase() === "env").length).toBeGreaterThanOrEqual(2); // env, Env, ENV
    expect(keys.has(" org")).toBe(true);
    expect([...keys].some((k) => k.startsWith("aks-managed-"))).toBe(true);
    expect(keys.has("kubernetes.io-created-for-pvc-name")).toBe(true);
    expect(tags.find((t) => t.startsWith('"'))).toMatch(/^"[^"]+": "[^"]*"(,"[^"]+": "[^"]*")*$/);
  });

  it("prices with an EA discount: UnitPrice below PayGPrice for discounted families, blank for marketplace", () => {
    const vm = amortized.rows.find((r) => r.MeterCategory === "Virtual Machines" && r.PricingModel === "OnDemand")!;
    expect(dec(vm.UnitPrice!)).toBeLessThan(dec(vm.PayGPrice!));
    const mkt = amortized.rows.find((r) => r.PublisherType === "Marketplace" && r.ChargeType === "Usage")!;
    expect([mkt.UnitPrice, mkt.PayGPrice, mkt.IsAzureCreditEligible]).toEqual(["", "", "False"]);
  });

  it("costs less on weekends than on weekdays", () => {
    const daily = new Map<string, bigint>();
    for (const r of amortized.rows) daily.set(r.Date!, (daily.get(r.Date!) ?? 0n) + dec(r.CostInBillingCurrency!));
    // 2025-06-04 is a Wednesday, 2025-06-07 a Saturday (no anomalies on either)
    expect(daily.get("06/07/2025")!).toBeLessThan(daily.get("06/04/2025")!);
  });

  it("injects the documented anomalies: one subscription and meter, a multiple of the baseline, listed in the manifest", () => {
    expect(a.anomalies.map((x) => x.id).sort()).toEqual(["aks-scale-out", "egress-spike", "log-ingestion-spike"]);
    const manifest = JSON.parse(fs.readFileSync(a.manifestPath, "utf8")) as { anomalies: unknown };
    expect(manifest.anomalies).toEqual(a.anomalies);
    for (const an of a.anomalies) {
      expect(an.days.length).toBeGreaterThan(0);
      for (const d of an.days) {
        const usDay = `${d.date.slice(5, 7)}/${d.date.slice(8, 10)}/${d.date.slice(0, 4)}`;
        const rows = actual.rows.filter((r) => r.Date === usDay && r.ResourceId === an.resourceId && r.MeterName === an.meterName);
        expect(rows.map((r) => r.CostInBillingCurrency)).toEqual([d.cost]);
        expect(rows[0]!.SubscriptionId).toBe(an.subscriptionId);
        expect(dec(d.cost)).toBeGreaterThanOrEqual((dec(d.baselineCost) * BigInt(an.multiplier) * 9n) / 10n);
      }
    }
    const egress = a.anomalies.find((x) => x.id === "egress-spike")!;
    expect(egress.days.map((d) => d.date)).toEqual(["2025-06-28"]);
  });
});

describe("options", () => {
  it("stops at throughDate (month-to-date) and keeps full earlier months", async () => {
    const r = await generateEaExports({ outDir: tmp("mtd"), months: 2, endMonth: "2025-03", throughDate: "2025-03-10", rowsPerDay: 100, seed: 3 });
    expect(r.files.map((f) => `${f.month}/${f.kind}`)).toEqual(["2025-02/actual", "2025-02/amortized", "2025-03/actual", "2025-03/amortized"]);
    const march = readExportCsv(r.files[2]!.path).rows.filter((x) => x.ChargeType === "Usage");
    expect(march.length).toBe(10 * 100);
    expect(new Set(march.map((x) => x.Date)).has("03/10/2025")).toBe(true);
    const feb = readExportCsv(r.files[0]!.path).rows.filter((x) => x.ChargeType === "Usage");
    expect(feb.length).toBe(28 * 100);
  });

  it("rejects bad options with a readable message", async () => {
    const outDir = tmp("bad");
    await expect(generateEaExports({ outDir, months: 1, endMonth: "2025-06", rowsPerDay: 10 })).rejects.toThrow(/rowsPerDay must be a whole number of at least 100/);
    await expect(generateEaExports({ outDir, months: 0, endMonth: "2025-06", rowsPerDay: 100 })).rejects.toThrow(/months must be/);
    await expect(generateEaExports({ outDir, months: 1, endMonth: "2025-13", rowsPerDay: 100 })).rejects.toThrow(/YYYY-MM/);
    await expect(generateEaExports({ outDir, months: 1, endMonth: "2025-06", throughDate: "2025-07-01", rowsPerDay: 100 })).rejects.toThrow(/inside the last month/);
    await expect(generateEaExports({ outDir, months: 1, endMonth: "2025-06", rowsPerDay: 100, billingAccountId: "abc" })).rejects.toThrow(/billingAccountId/);
  });
});
