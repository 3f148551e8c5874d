/**
 * Exact decimal arithmetic on the strings ClickHouse returns for Decimal(38, 18) money.
 * BigInt scaled by 10^18, so sums and differences of money never pass through a float.
 */
const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);

export function toScaled(value: string | null | undefined): bigint {
  const v = (value ?? "0").trim();
  if (v === "") return 0n;
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(v);
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
  const [, sign, int = "", frac = "", exp] = m;
  let digits = BigInt((int || "0") + frac.padEnd(SCALE, "0").slice(0, SCALE));
  if (exp) {
    const e = Number(exp);
    digits = e >= 0 ? digits * 10n ** BigInt(e) : digits / 10n ** BigInt(-e);
  }
  return sign === "-" ? -digits : digits;
}

/** Exact text of a scaled value; with the default scale, trailing zeros are dropped like ClickHouse does. */
export function fromScaled(v: bigint, decimals = SCALE): string {
  const neg = v < 0n;
  let abs = neg ? -v : v;
  if (decimals < SCALE) {
    const div = 10n ** BigInt(SCALE - decimals);
    abs = (abs + div / 2n) / div; // round half up
  }
  const s = abs.toString().padStart(decimals + 1, "0");
  const int = s.slice(0, s.length - decimals);
  const frac = decimals > 0 ? `.${s.slice(s.length - decimals)}` : "";
  const out = decimals === SCALE ? `${int}${frac.replace(/\.?0+$/, "")}` : `${int}${frac}`;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

export const dec = {
  add: (...xs: (string | null | undefined)[]) => fromScaled(xs.reduce((a, x) => a + toScaled(x), 0n)),
  sub: (a: string, b: string) => fromScaled(toScaled(a) - toScaled(b)),
  cmp: (a: string, b: string) => {
    const d = toScaled(a) - toScaled(b);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  },
  /** Rounds to `decimals` places (half up), as a string. */
  round: (a: string, decimals = 2) => fromScaled(toScaled(a), decimals),
  /** a / b as a ratio (not money): fine as a float for percentages. */
  ratio: (a: string, b: string): number | null => {
    const bb = toScaled(b);
    if (bb === 0n) return null;
    return Number((toScaled(a) * 1_000_000n) / bb) / 1_000_000;
  },
  /** A float estimate (forecast) turned into a money string with 2 decimals. */
  fromEstimate: (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "0.00"),
  /** Money as a float for statistics and plotting only; never stored or summed back as money. */
  toEstimate: (a: string | null | undefined) => Number(fromScaled(toScaled(a), 6)),
};
