/**
 * Collects bound query parameters: every value reaches ClickHouse as `{pN:Type}` + query_params,
 * never spliced into SQL text.
 */
export type ParamType = "String" | "Date" | "DateTime" | "UInt32" | "Float64" | "Array(String)" | "Decimal(38, 18)";

export class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;

  bind(value: unknown, type: ParamType): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}
