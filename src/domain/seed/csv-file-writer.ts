import fs from "node:fs";
import { once } from "node:events";
import { COST_DECIMALS, ExactSum } from "./fixed-decimal";

const CHUNK_CHARS = 1 << 20;

/** One export CSV: UTF-8 with BOM (like Azure's files), written in ~1 MB chunks with backpressure. */
export class CsvFileWriter {
  private readonly ws: fs.WriteStream;
  private parts: string[] = [];
  private chars = 0;
  private failure: Error | undefined;
  rows = 0;
  readonly cost = new ExactSum();

  constructor(readonly path: string, header: readonly string[]) {
    this.ws = fs.createWriteStream(path, { encoding: "utf8" });
    this.ws.on("error", (e) => (this.failure ??= e));
    this.parts.push("\uFEFF" + header.join(",") + "\n");
  }

  /** Adds a data row and its CostInBillingCurrency (1e-10 units); call `drain()` now and then. */
  add(line: string, cost: number): void {
    this.parts.push(line);
    this.chars += line.length;
    this.rows++;
    this.cost.add(cost);
  }

  get pending(): boolean {
    return this.chars >= CHUNK_CHARS;
  }

  async drain(): Promise<void> {
    if (this.failure) throw new Error(`Cannot write ${this.path}: ${this.failure.message}`);
    if (this.parts.length === 0) return;
    // one join per ~1 MB: a flat string, cheaper to encode than a rope of row strings
    const ok = this.ws.write(this.parts.join(""));
    this.parts = [];
    this.chars = 0;
    if (!ok) await once(this.ws, "drain");
  }

  async close(): Promise<{ rows: number; bytes: number; cost: string }> {
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      this.ws.once("error", (e) => reject(new Error(`Cannot write ${this.path}: ${e.message}`)));
      this.ws.end(() => resolve());
    });
    if (this.failure) throw new Error(`Cannot write ${this.path}: ${this.failure.message}`);
    return { rows: this.rows, bytes: this.ws.bytesWritten, cost: this.cost.toDecimal(COST_DECIMALS) };
  }

  destroy(): void {
    this.ws.destroy();
  }
}
