import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { RatesFileError } from "../currency/ecb-csv";
import { importEcbCsv, MAX_RATES_FILE_BYTES, type RatesImport } from "../currency/rates";
import type { Command } from "./types";

export const ratesImportArgs = z.object({ file: z.string().min(1, "give the rates file: abi rates import <file>") });

/** `abi rates import <file>`: loads an ECB reference-rate CSV into fx_rates (audited). */
export const ratesImportCommand: Command<z.input<typeof ratesImportArgs>, RatesImport & { file: string }> = {
  name: "rates-import",
  async run(rt, raw) {
    const { file } = ratesImportArgs.parse(raw);
    const abs = path.resolve(file);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw new RatesFileError(`${file}: no such file`);
    if (stat.size > MAX_RATES_FILE_BYTES) throw new RatesFileError(`${file}: larger than ${MAX_RATES_FILE_BYTES / 1024 / 1024} MB`);
    try {
      const result = await importEcbCsv(rt.ch, fs.readFileSync(abs, "utf8"), `file:${path.basename(abs)}`);
      await recordAudit(rt.db, { actor: { email: "abi-cli" }, action: "currency.rates_import", target: path.basename(abs), details: { ...result, currencies: result.currencies.length } });
      return { file: abs, ...result };
    } catch (e) {
      if (e instanceof RatesFileError) throw new RatesFileError(`${file}: ${e.message}`);
      throw e;
    }
  },
};
