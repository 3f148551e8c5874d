/**
 * Money without floats. The generator keeps every amount as an integer count of a fixed unit:
 * quantities in 1e-4, prices in 1e-6, costs in 1e-10 (= quantity × price, exact).
 * Ten decimals at most, so a Decimal(38, 10) column sums the written strings to the same total.
 */
export const QTY_DECIMALS = 4;
export const PRICE_DECIMALS = 6;
export const COST_DECIMALS = 10;
export const QTY_ONE = 10_000;
/** Cost units per price unit (1e-6 → 1e-10). */
export const COST_PER_PRICE_UNIT = 10_000;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/** Exact product of two scaled integers; throws rather than silently lose a digit. */
export function mulExact(a: number, b: number): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) {
    throw new Error(`Amount out of exact range: ${a} × ${b}; the generator's quantities or prices are too large`);
  }
  return p;
}

/** Integer → decimal text with up to `decimals` places, trailing zeros dropped ("0.5", "12", "-0.0001"). */
export function formatScaled(value: number, decimals: number): string {
  if (value === 0) return "0";
  const neg = value < 0;
  const abs = neg ? -value : value;
  const unit = POW10[decimals] as number;
  let ip = Math.floor(abs / unit);
  let fp = abs - ip * unit;
  if (fp < 0) {
    ip -= 1;
    fp += unit;
  } else if (fp >= unit) {
    ip += 1;
    fp -= unit;
  }
  let text = String(ip);
  if (fp !== 0) {
    const f = String(fp).padStart(decimals, "0");
    let end = f.length;
    while (f.charCodeAt(end - 1) === 48) end--;
    text += "." + f.slice(0, end);
  }
  return neg ? "-" + text : text;
}

export function formatScaledBig(value: bigint, decimals: number): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const ip = abs / unit;
  const fp = abs % unit;
  let text = ip.toString();
  if (fp !== 0n) text += "." + fp.toString().padStart(decimals, "0").replace(/0+$/, "");
  return neg ? "-" + text : text;
}

/** Decimal text → scaled integer (for prices written in the catalog as text, e.g. "0.192"). */
export function parseScaled(text: string, decimals: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`Not a decimal number: "${text}"`);
  const frac = (m[3] ?? "").padEnd(decimals, "0");
  if (frac.length > decimals) throw new Error(`"${text}" has more than ${decimals} decimals`);
  const v = Number(m[2]) * (POW10[decimals] as number) + Number(frac || "0");
  if (!Number.isSafeInteger(v)) throw new Error(`"${text}" is out of exact range`);
  return m[1] ? -v : v;
}

/** price × (1000 − permille) / 1000, rounded half up to the price unit (discounts, regional uplift). */
export function applyPermille(price: number, permille: number): number {
  return Math.round(mulExact(price, permille) / 1000);
}

/** Exact running total of scaled integers (a plain number until it would lose precision, then a bigint). */
export class ExactSum {
  private big = 0n;
  private small = 0;
  add(v: number): void {
    const s = this.small + v;
    if (Number.isSafeInteger(s)) this.small = s;
    else {
      this.big += BigInt(this.small) + BigInt(v);
      this.small = 0;
    }
  }
  value(): bigint {
    return this.big + BigInt(this.small);
  }
  toDecimal(decimals: number): string {
    return formatScaledBig(this.value(), decimals);
  }
}
