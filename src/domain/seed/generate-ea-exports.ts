import fs from "node:fs";
import path from "node:path";
import { daysInMonth, isoDate, usDate, weekday } from "./calendar";
import { CsvFileWriter } from "./csv-file-writer";
import { compileTemplate, encodeRecord, fillTemplate, type RowTemplate } from "./csv-row";
import { eaLayout, type EaHeaderVersion } from "./ea-export-columns";
import { purchaseRecord, refundRecord, roundingRecord, saasPurchaseRecord, unusedRecord, usageRecord } from "./ea-rows";
import { COST_DECIMALS, COST_PER_PRICE_UNIT, formatScaled, mulExact, PRICE_DECIMALS, QTY_DECIMALS, QTY_ONE } from "./fixed-decimal";
import type { Commitment, SeedResource, SeedStream } from "./model";
import { Rng } from "./prng";
import { resolveSeedMonths, type SeedMonth } from "./seed-window";
import { buildUniverse } from "./universe";

export interface GenerateEaExportsOptions {
  outDir: string;
  months: number;
  /** 'YYYY-MM'; default: the current UTC month, month-to-date through yesterday. */
  endMonth?: string;
  /** 'YYYY-MM-DD' inside endMonth: stop there (a month-to-date export). */
  throughDate?: string;
  /** Usage rows per day in each file (= resource meters); commitment/adjustment rows come on top. */
  rowsPerDay: number;
  seed?: number;
  billingAccountId?: string;
  /** Header layout: the newest EA layout (default) or the older FinOps-toolkit fixture layout. */
  headerVersion?: EaHeaderVersion;
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
  /**
   * Awaited after each month's two files are closed, before the next month is written: lets a
   * caller consume (and delete) a month at a time, so disk holds one month, not the whole range.
   */
  afterMonth?: (files: GeneratedEaFile[]) => Promise<void>;
}

export interface GeneratedEaFile {
  month: string;
  kind: "actual" | "amortized";
  path: string;
  rows: number;
  bytes: number;
  /** Sum of CostInBillingCurrency, exact decimal text. */
  cost: string;
}

export interface InjectedAnomaly {
  id: string;
  description: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroup: string;
  resourceId: string;
  consumedService: string;
  meterCategory: string;
  meterName: string;
  multiplier: number;
  /** Same cost in the actual and amortized files (on-demand rows). */
  days: { date: string; quantity: string; baselineQuantity: string; cost: string; baselineCost: string }[];
}

export interface SeedCommitmentSummary {
  kind: "Reservation" | "SavingsPlan";
  name: string;
  benefitId: string;
  billing: "monthly" | "upfront";
  purchaseDate: string;
  /** Last day the commitment applies (refund day − 1 for a returned reservation). */
  lastDate: string;
  refund?: { date: string; amount: string };
}

export interface GenerateEaExportsResult {
  files: GeneratedEaFile[];
  anomalies: InjectedAnomaly[];
  commitments: SeedCommitmentSummary[];
  /** seed-manifest.json in outDir: the options, files, anomalies and commitments above. */
  manifestPath: string;
}

interface StreamState {
  gen: number;
  resource: SeedResource;
  od?: RowTemplate;
  commit?: RowTemplate;
  odPrice: number;
  odPriceText: string;
  commitPriceText: string;
}

const toUnits = (f: number, step: number) =>
  step > 0 ? Math.max(step, Math.round((f * QTY_ONE) / step) * step) : Math.max(1, Math.round(f * QTY_ONE));

/**
 * Writes deterministic, realistic Azure EA ActualCost + AmortizedCost exports, one pair per billing
 * month. Same options and seed → byte-identical files. See docs in test/seed and seed-manifest.json.
 */
export async function generateEaExports(opts: GenerateEaExportsOptions): Promise<GenerateEaExportsResult> {
  if (!opts.outDir) throw new Error("outDir is required");
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative whole number, got ${seed}`);
  const months = resolveSeedMonths(opts);
  const first = months[0] as SeedMonth;
  const last = months[months.length - 1] as SeedMonth;
  const u = buildUniverse(seed, opts.rowsPerDay, { startDay: first.startDay, endDay: last.endDay }, opts.billingAccountId);
  const layout = eaLayout(opts.headerVersion ?? "2024-08-01");
  const e = u.enrollment;
  fs.mkdirSync(opts.outDir, { recursive: true });

  const noise = Rng.of(seed, "usage-noise");
  const roundingRng = Rng.of(seed, "rounding");
  const commitIndex = new Map<Commitment, number>(u.commitments.map((c, i) => [c, i]));
  const used = new Array<number>(u.commitments.length).fill(0);
  const states: StreamState[] = u.streams.map((s) => {
    const odPrice = s.marketplace ? s.marketplace.price : s.meter.unitPrice;
    return {
      gen: 0, resource: s.resource, odPrice,
      odPriceText: formatScaled(odPrice, PRICE_DECIMALS),
      commitPriceText: formatScaled(s.commitmentPrice ?? 0, PRICE_DECIMALS),
    };
  });
  const anomalyDays = new Map<SeedStream, InjectedAnomaly>();
  for (const a of u.anomalies) {
    const r = a.stream.resource;
    anomalyDays.set(a.stream, {
      id: a.id, description: a.description, subscriptionId: r.sub.id, subscriptionName: r.sub.name, resourceGroup: r.resourceGroup,
      resourceId: r.id, consumedService: r.consumedService, meterCategory: a.stream.meter.spec.category, meterName: a.stream.meter.spec.name,
      multiplier: a.multiplier, days: [],
    });
  }

  const totalDays = last.endDay - first.startDay;
  const estimate = 2 * totalDays * u.streams.length + totalDays * u.commitments.length + months.length * 12;
  let written = 0;
  let reported = 0;
  const progress = () => {
    if (opts.onProgress && written - reported >= 50_000) {
      reported = written;
      opts.onProgress(written, Math.max(estimate, written));
    }
  };

  const files: GeneratedEaFile[] = [];
  for (const month of months) {
    const actual = new CsvFileWriter(path.join(opts.outDir, `EA_ActualCost_${month.key}.csv`), layout.header);
    const amortized = new CsvFileWriter(path.join(opts.outDir, `EA_AmortizedCost_${month.key}.csv`), layout.header);
    try {
      const dim = daysInMonth(month.year, month.month);
      const dyn = [usDate(month.periodStart), usDate(month.periodEnd), "", "", "", ""];
      const both = (line: string, cost: number) => {
        actual.add(line, cost);
        amortized.add(line, cost);
        written += 2;
      };
      for (let day = month.startDay; day < month.endDay; day++) {
        dyn[2] = usDate(day);
        const t = day - first.startDay;
        const dow = weekday(day);
        const weekend = dow === 0 || dow === 6;
        used.fill(0);
        for (let i = 0; i < u.streams.length; i++) {
          const s = u.streams[i] as SeedStream;
          const st = states[i] as StreamState;
          if (s.churn) {
            const gen = Math.floor(day / s.churn.days);
            if (gen !== st.gen) {
              st.gen = gen;
              st.resource = s.churn.make(gen);
              st.od = undefined;
            }
          }
          const m = s.qty;
          let f = m.base;
          if (weekend) f *= m.weekend;
          if (m.growth) f *= 1 + (m.growth * t) / 365;
          if (m.noise) f *= 1 + m.noise * (2 * noise.next() - 1);
          if (m.perMonth) f /= dim;
          const mult = s.anomaly?.get(day);
          const q = toUnits(mult ? f * mult : f, m.step);
          dyn[3] = formatScaled(q, QTY_DECIMALS);
          const c = s.commitment;
          if (c && c.purchaseDay <= day && day < c.endDay) {
            const tpl = (st.commit ??= compileTemplate(layout, usageRecord(e, s, st.resource, true)));
            const amortCost = mulExact(q, s.commitmentPrice as number);
            const ci = commitIndex.get(c) as number;
            used[ci] = (used[ci] as number) + (c.kind === "Reservation" ? q : amortCost);
            // actual: covered usage is free (the purchase carries the cost); amortized: the spread price
            dyn[4] = "0";
            dyn[5] = "0";
            actual.add(fillTemplate(tpl, dyn), 0);
            dyn[4] = st.commitPriceText;
            dyn[5] = formatScaled(amortCost, COST_DECIMALS);
            amortized.add(fillTemplate(tpl, dyn), amortCost);
            written += 2;
          } else {
            const tpl = (st.od ??= compileTemplate(layout, usageRecord(e, s, st.resource, false)));
            const cost = mulExact(q, st.odPrice);
            dyn[4] = st.odPriceText;
            dyn[5] = formatScaled(cost, COST_DECIMALS);
            both(fillTemplate(tpl, dyn), cost);
            if (mult) {
              const q0 = toUnits(f, m.step);
              anomalyDays.get(s)?.days.push({
                date: isoDate(day), quantity: dyn[3], baselineQuantity: formatScaled(q0, QTY_DECIMALS),
                cost: dyn[5], baselineCost: formatScaled(mulExact(q0, st.odPrice), COST_DECIMALS),
              });
            }
          }
          if (actual.pending) await actual.drain();
          if (amortized.pending) await amortized.drain();
          progress();
        }

        // --- commitment rows of the day -------------------------------------------------------
        const add = (w: CsvFileWriter, rec: Parameters<typeof encodeRecord>[1], cost: number) => {
          w.add(encodeRecord(layout, { ...rec, BillingPeriodStartDate: dyn[0], BillingPeriodEndDate: dyn[1], Date: dyn[2] }), cost);
          written++;
        };
        u.commitments.forEach((c, ci) => {
          const active = c.purchaseDay <= day && day < c.endDay;
          const billingDay = month.periodStart + Math.min(new Date(c.purchaseDay * 86_400_000).getUTCDate(), dim) - 1;
          const pays = c.billing === "monthly" ? active && day === billingDay : day === c.purchaseDay;
          if (pays) {
            const amount = c.kind === "SavingsPlan" ? mulExact(c.hourlyCommitment, 24 * dim) : c.paymentAmount;
            add(actual, purchaseRecord(e, c, formatScaled(amount, PRICE_DECIMALS)), mulExact(amount, COST_PER_PRICE_UNIT));
          }
          if (c.refund && day === c.refund.day) {
            const amount = c.refund.amount;
            add(actual, refundRecord(e, c, formatScaled(-amount, PRICE_DECIMALS), formatScaled(amount, PRICE_DECIMALS)), mulExact(amount, COST_PER_PRICE_UNIT));
          }
          if (!active) return;
          const price = c.effectivePrice;
          let unusedQty: number;
          if (c.kind === "Reservation") {
            unusedQty = c.capacityPerDay - (used[ci] as number);
          } else {
            const unusedCost = mulExact(c.hourlyCommitment, 24 * COST_PER_PRICE_UNIT) - (used[ci] as number);
            if (unusedCost < 0) throw new Error(`internal: savings plan ${c.name} over-used on ${isoDate(day)}`);
            unusedQty = Math.round(unusedCost / c.hourlyCommitment);
          }
          if (unusedQty < 0) throw new Error(`internal: reservation ${c.name} over-used on ${isoDate(day)}`);
          if (unusedQty > 0) {
            const cost = mulExact(unusedQty, price);
            add(amortized, unusedRecord(e, c, formatScaled(unusedQty, QTY_DECIMALS), formatScaled(price, PRICE_DECIMALS), formatScaled(cost, COST_DECIMALS)), cost);
          }
        });

        // --- marketplace SaaS (1st of the month) and invoice rounding (last day), in both files -
        if (day === month.periodStart) {
          const amount = u.saas.stream.marketplace?.price ?? 0;
          const rec = saasPurchaseRecord(e, u.saas.stream, formatScaled(amount, PRICE_DECIMALS));
          const cost = mulExact(amount, COST_PER_PRICE_UNIT);
          add(actual, rec, cost);
          add(amortized, rec, cost);
        }
        if (day === month.endDay - 1) {
          const cost = roundingRng.int(1, 90_000) * (roundingRng.chance(0.5) ? -1 : 1);
          const rec = roundingRecord(e, formatScaled(cost, COST_DECIMALS));
          add(actual, rec, cost);
          add(amortized, rec, cost);
        }
      }
      for (const [kind, w] of [["actual", actual], ["amortized", amortized]] as const) {
        const r = await w.close();
        files.push({ month: month.key, kind, path: w.path, ...r });
      }
    } catch (err) {
      actual.destroy();
      amortized.destroy();
      throw err;
    }
    await opts.afterMonth?.(files.slice(-2));
  }
  opts.onProgress?.(written, written);

  const anomalies = [...anomalyDays.values()];
  const commitments: SeedCommitmentSummary[] = u.commitments.map((c) => ({
    kind: c.kind, name: c.name, benefitId: c.benefitId, billing: c.billing,
    purchaseDate: isoDate(c.purchaseDay), lastDate: isoDate(c.endDay - 1),
    ...(c.refund ? { refund: { date: isoDate(c.refund.day), amount: formatScaled(c.refund.amount, PRICE_DECIMALS) } } : {}),
  }));
  const manifestPath = path.join(opts.outDir, "seed-manifest.json");
  const manifest = {
    generator: "abi seed (Azure EA ActualCost + AmortizedCost exports)",
    options: {
      seed, months: opts.months, firstMonth: first.key, lastMonth: last.key, lastDate: isoDate(last.endDay - 1),
      rowsPerDay: opts.rowsPerDay, headerVersion: layout.version, billingAccountId: e.billingAccountId, currency: e.currency,
    },
    files: files.map((f) => ({ ...f, path: path.basename(f.path) })),
    anomalies,
    commitments,
  };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  return { files, anomalies, commitments, manifestPath };
}
