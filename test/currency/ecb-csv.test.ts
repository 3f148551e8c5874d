import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEcbCsv, RatesFileError } from "~/domain/currency/ecb-csv";

/** The excerpt of the real ECB file (test/fixtures/ecb/SOURCE.md); expected values read off it by hand. */
const excerpt = fs.readFileSync("test/fixtures/ecb/eurofxref-hist-excerpt.csv", "utf8");

describe("ECB reference-rate CSV", () => {
  it("reads the real file's header, dates, rates as exact text, and skips N/A cells", () => {
    const p = parseEcbCsv(excerpt);
    expect(p.days).toBe(2);
    // 41 currency columns; N/A on 2021-12-01: CYP EEK LTL LVL MTL ROL SIT SKK TRL (9); 2019-04-10 the same 9
    expect(p.skipped).toBe(18);
    expect(p.rows).toHaveLength(2 * (41 - 9));
    const rate = (date: string, quote: string) => p.rows.find((r) => r.date === date && r.quote === quote)?.rate;
    expect(rate("2021-12-01", "USD")).toBe("1.1314");
    expect(rate("2021-12-01", "GBP")).toBe("0.85");
    expect(rate("2021-12-01", "IDR")).toBe("16249.4");
    expect(rate("2021-12-01", "ZAR")).toBe("17.9011");
    expect(rate("2019-04-10", "JPY")).toBe("125.38");
    expect(rate("2019-04-10", "HRK")).toBe("7.4253");
    expect(rate("2019-04-10", "CYP")).toBeUndefined();
    expect(p.rows.every((r) => r.base === "EUR")).toBe(true);
    expect(p.currencies).toContain("USD");
    expect(p.currencies).not.toContain("CYP");
  });

  it("accepts the daily file's long dates, CRLF and a BOM", () => {
    const p = parseEcbCsv("\uFEFFDate, USD, JPY\r\n05 December 2025, 1.1645, 180.85\r\n");
    expect(p.rows).toEqual([
      { date: "2025-12-05", base: "EUR", quote: "USD", rate: "1.1645" },
      { date: "2025-12-05", base: "EUR", quote: "JPY", rate: "180.85" },
    ]);
  });

  it.each([
    ["Day,USD\n2025-01-02,1.1\n", /first column must be "Date"/],
    ["Date,US\n2025-01-02,1.1\n", /"US" is not a 3-letter currency code/],
    ["Date,USD\n2025-02-30,1.1\n", /line 2: "2025-02-30" is not a date/],
    ["Date,USD\n2025-01-02,abc\n", /line 2, USD: "abc" is not a positive rate/],
    ["Date,USD\n2025-01-02,0\n", /not a positive rate/],
    ["Date,USD\n2025-01-02,1.1\n2025-01-02,1.2\n", /2025-01-02 appears twice/],
    ["Date,USD\n2025-01-02,N/A\n", /no rates/],
  ])("refuses %j with a clear message", (text, message) => {
    expect(() => parseEcbCsv(text)).toThrow(RatesFileError);
    expect(() => parseEcbCsv(text)).toThrow(message);
  });
});
