/**
 * Collects bound query parameters: every value reaches ClickHouse as `{pN:Type}` + query_params,
 * never spliced into SQL text.
 */
export type ParamType = "String" | "Date" | "DateTime" | "UInt32" | "Float64" | "Array(String)" | "Decimal(38, 18)";

export class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;

  /** `prefix` keeps names apart when values bound elsewhere are adopted (compiled-slice.ts). */
  constructor(private readonly prefix = "p") {}

  bind(value: unknown, type: ParamType): string {
    const name = `${this.prefix}${this.n++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }

  /** Takes values bound once elsewhere (a compiled slice); a name bound to another value is a bug. */
  adopt(values: Readonly<Record<string, unknown>>): void {
    for (const [k, v] of Object.entries(values)) {
      if (k in this.values && this.values[k] !== v) throw new Error(`query parameter ${k} bound twice with different values`);
      this.values[k] = v;
    }
  }
}
