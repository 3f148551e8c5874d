/**
 * Keeps docs/focus-mapping.md true to the code: every stored column of focus_billing_data has exactly
 * one row, every row names a stored column, every source field, open-data column and FOCUS rule id
 * the document names exists, every `docs/focus-mapping.md#anchor` cited in the code resolves, and the
 * document's "null" and "constant" claims hold for real EA and MCA files converted by the product.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { AZURE_FIELDS } from "~/domain/ingest/source-fields";
import { rows, FIX } from "./helpers";

const DOC = "docs/focus-mapping.md";
const doc = fs.readFileSync(DOC, "utf8");
const HEADER = ["Column", "EA (actual, amortized)", "MCA (actual, amortized)", "FocusCost export", "FOCUS file", "Requirement"];
const RULE_WORDS = ["copy", "rename", "derive", "lookup", "constant", "null"];

type Row = { line: number; column: string; ea: string; mca: string; focusCost: string; focus: string; requirement: string };

/** Cells of a Markdown table line (the document never puts `|` inside a cell). */
const cells = (line: string) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());

/** Rows of every table whose header is the mapping header. */
function mappingRows(text: string): Row[] {
  const lines = text.split("\n");
  const out: Row[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("| Column |")) continue;
    expect(cells(lines[i]!), `table header at line ${i + 1}`).toEqual(HEADER);
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith("|"); j++) {
      const c = cells(lines[j]!);
      expect(c, `cells at line ${j + 1}`).toHaveLength(HEADER.length);
      const name = /^`([A-Za-z_][A-Za-z0-9_]*)`$/.exec(c[0]!)?.[1];
      expect(name, `first cell at line ${j + 1} must be one column name in backticks`).toBeDefined();
      out.push({ line: j + 1, column: name!, ea: c[1]!, mca: c[2]!, focusCost: c[3]!, focus: c[4]!, requirement: c[5]! });
    }
  }
  return out;
}

/** GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
const anchors = new Set(doc.split("\n").flatMap((l) => (/^#{1,6} (.+)$/.exec(l)?.[1] ? [slug(/^#{1,6} (.+)$/.exec(l)![1]!)] : [])));

/** Backticked plain names (`Field` or `Field.Key`) of a cell; expressions and file names are excluded. */
const namesIn = (cell: string) =>
  [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((t) => /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)?$/.test(t) && !t.endsWith(".csv"));
const filesIn = (cell: string) => [...cell.matchAll(/`([^`]+\.csv)`/g)].map((m) => m[1]!);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|tsx|sql|mjs)$/.test(e.name) ? [p] : [];
  });
}

const OPEN_DATA = "clickhouse/open-data";
const openDataColumns = new Set(
  fs
    .readdirSync(OPEN_DATA)
    .filter((f) => f.endsWith(".csv"))
    .flatMap((f) => fs.readFileSync(path.join(OPEN_DATA, f), "utf8").split("\n")[0]!.split(",").map((h) => h.replace(/"/g, "").trim())),
);
const focusCostColumns = new Set(
  ["FocusCost_1.0.json", "FocusCost_1.2-preview.json"].flatMap((f) =>
    (JSON.parse(fs.readFileSync(path.join(OPEN_DATA, f), "utf8")) as { Columns: { ColumnName: string }[] }).Columns.map((c) => c.ColumnName),
  ),
);
const modelRules = new Set(
  Object.keys((JSON.parse(fs.readFileSync("clickhouse/focus-spec/model-1.2.json", "utf8")) as { ModelRules: object }).ModelRules),
);
const azureFields = new Set(Object.keys(AZURE_FIELDS));

let ch: ClickHouseClient;
let stored: string[];
const docRows = mappingRows(doc);

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  stored = (await rows<{ name: string }>(ch, "DESCRIBE TABLE focus_billing_data")).map((r) => r.name);
});

describe("docs/focus-mapping.md", () => {
  it("has exactly one row for every stored column of focus_billing_data, and no other rows", () => {
    const documented = docRows.map((r) => r.column);
    expect(stored.length).toBeGreaterThan(100);
    expect(documented.filter((c, i) => documented.indexOf(c) !== i), "columns documented twice").toEqual([]);
    expect(stored.filter((c) => !documented.includes(c)), "stored columns without a row").toEqual([]);
    expect(documented.filter((c) => !stored.includes(c)), "rows for columns the table does not have").toEqual([]);
  });

  it("starts every source cell with its rule (copy, rename, derive, lookup, constant, null)", () => {
    const bad = docRows.flatMap((r) =>
      [r.ea, r.mca, r.focusCost, r.focus]
        .filter((cell) => !RULE_WORDS.includes(/^([a-z]+)/.exec(cell)?.[1] ?? ""))
        .map((cell) => `line ${r.line} (${r.column}): "${cell}"`),
    );
    expect(bad).toEqual([]);
  });

  it("names only existing Azure fields, stored columns, open-data columns and files in the EA and MCA cells", () => {
    const bad = docRows.flatMap((r) =>
      [r.ea, r.mca].flatMap((cell) => [
        ...namesIn(cell)
          .filter((n) => {
            const head = n.split(".")[0]!;
            return !azureFields.has(head) && !stored.includes(head) && !openDataColumns.has(head);
          })
          .map((n) => `line ${r.line} (${r.column}): unknown name ${n}`),
        ...filesIn(cell)
          .filter((f) => !fs.existsSync(path.join(OPEN_DATA, f)))
          .map((f) => `line ${r.line} (${r.column}): unknown file ${f}`),
      ]),
    );
    expect(bad).toEqual([]);
  });

  it("names only stored columns or FocusCost export columns in the FocusCost and FOCUS file cells", () => {
    const bad = docRows.flatMap((r) =>
      [r.focusCost, r.focus].flatMap((cell) =>
        namesIn(cell)
          .filter((n) => !stored.includes(n) && !focusCostColumns.has(n))
          .map((n) => `line ${r.line} (${r.column}): unknown name ${n}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it("cites only rule ids of the FOCUS 1.2 requirement model, and one for every FOCUS 1.0–1.2 column", () => {
    const ids = docRows.flatMap((r) => [...r.requirement.matchAll(/\b[A-Za-z]+-[CD]-\d{3}-[MCO]\b/g)].map((m) => ({ r, id: m[0] })));
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter(({ id }) => !modelRules.has(id)).map(({ r, id }) => `line ${r.line}: ${id}`)).toEqual([]);
    const modelColumns = new Set([...modelRules].map((id) => id.split("-")[0]!));
    const uncited = docRows.filter((r) => modelColumns.has(r.column) && !ids.some((x) => x.r === r && x.id.startsWith(`${r.column}-`)));
    expect(uncited.map((r) => r.column), "columns of the model without a rule of their own").toEqual([]);
  });

  it("has every section that the code and the document link to", () => {
    const cited = walk("src").flatMap((f) =>
      [...fs.readFileSync(f, "utf8").matchAll(/docs\/focus-mapping\.md#([A-Za-z0-9_-]+)/g)].map((m) => ({ f, anchor: m[1]! })),
    );
    expect(cited.length, "the converters cite the document").toBeGreaterThan(10);
    const internal = [...doc.matchAll(/\]\(#([A-Za-z0-9_-]+)\)/g)].map((m) => ({ f: DOC, anchor: m[1]! }));
    expect([...cited, ...internal].filter((c) => !anchors.has(c.anchor)).map((c) => `${c.f}: #${c.anchor}`)).toEqual([]);
  });
});

describe("docs/focus-mapping.md matches converted Azure files", () => {
  /** `null` cells must be null on every row; `constant "X"` / `constant N` cells hold X wherever set. */
  async function checkClaims(sourceId: string, pick: (r: Row) => string) {
    const wrong: string[] = [];
    for (const r of docRows) {
      const cell = pick(r);
      if (/^null\b/.test(cell)) {
        const [c] = await rows<{ n: string }>(ch, `SELECT countIf(${r.column} IS NOT NULL) AS n FROM focus_billing_data WHERE x_SourceId = {s:String}`, {
          s: sourceId,
        });
        if (Number(c!.n) !== 0) wrong.push(`${r.column}: documented null, ${c!.n} rows have a value`);
      }
      const constant = /^constant (?:"([^"]*)"|(\d+)\b)/.exec(cell);
      if (constant) {
        const want = constant[1] ?? constant[2]!;
        const got = await rows<{ v: string }>(
          ch,
          `SELECT DISTINCT toString(${r.column}) AS v FROM focus_billing_data WHERE x_SourceId = {s:String} AND ${r.column} IS NOT NULL`,
          { s: sourceId },
        );
        if (got.length !== 1 || got[0]!.v !== want) wrong.push(`${r.column}: documented constant ${want}, found ${JSON.stringify(got.map((g) => g.v))}`);
      }
    }
    return wrong;
  }

  it("EA actual and amortized files: the null and constant cells of the EA column hold", async () => {
    const r = await ingestFiles(ch, { sourceId: "doc-ea", files: [FIX("azure-ea/EA_ActualCost_Small.csv"), FIX("azure-ea/EA_AmortizedCost_Small.csv")] });
    expect(r.rows.loaded).toBeGreaterThan(0);
    expect(await checkClaims("doc-ea", (row) => row.ea)).toEqual([]);
  });

  it("MCA file: the null and constant cells of the MCA column hold", async () => {
    const r = await ingestFiles(ch, { sourceId: "doc-mca", files: [FIX("mca/MCA_ActualCost_Handmade.csv")] });
    expect(r.rows.loaded).toBeGreaterThan(0);
    expect(await checkClaims("doc-mca", (row) => row.mca)).toEqual([]);
  });
});

describe("docs/focus-mapping.md matches the purchase unit rule (docs/purchases-and-units.md)", () => {
  it("a Purchase without a unit is one purchase in 'Units' in the EA cells, and loads as the cells say", async () => {
    const cell = (c: string) => docRows.find((r) => r.column === c)!.ea;
    expect(cell("PricingQuantity")).toMatch(/Purchase that is not a Correction without a unit is one purchase: `Quantity`, else 1/);
    expect(cell("PricingUnit")).toMatch(/"Units" on a Purchase that is not a Correction without a unit/);
    expect(cell("CommitmentDiscountQuantity")).toMatch(/Reservation purchase: `Quantity`, else 1/);
    expect(cell("CommitmentDiscountUnit")).toMatch(/"Units" on a reservation purchase without a unit/);
    // The data-limitation note must not say unit-less purchases are quarantined: they load.
    expect(doc).not.toMatch(/on a Usage or\s+Purchase row it breaks/);

    const file = FIX("azure-ea/EA_ActualCost_Purchases.csv");
    const r = await ingestFiles(ch, { sourceId: "doc-purchases", files: [file], dataset: "ea-actual" });
    expect(r.rows.quarantined).toBe(0);
    // Oracle: the source file itself (purchase rows with an empty UnitOfMeasure, Quantity or 1).
    const [want] = await rows<{ n: string; q: string }>(
      ch,
      `SELECT toString(count()) AS n, toString(sum(if(Quantity = '', toDecimal128(1, 18), toDecimal128(Quantity, 18)))) AS q
       FROM file({p:String}, 'CSVWithNames', 'ChargeType String, UnitOfMeasure String, Quantity String')
       WHERE lower(ChargeType) = 'purchase' AND UnitOfMeasure = '' SETTINGS input_format_with_names_use_header = 1`,
      { p: path.resolve(file) },
    );
    expect(Number(want!.n)).toBeGreaterThan(0);
    const [got] = await rows<{ n: string; q: string }>(
      ch,
      `SELECT toString(count()) AS n, toString(sum(PricingQuantity)) AS q FROM focus_billing_data
       WHERE x_SourceId = 'doc-purchases' AND ChargeCategory = 'Purchase' AND ChargeClass IS NULL AND PricingUnit = 'Units'`,
    );
    expect(got).toEqual(want);
  });
});

describe("docs/focus-mapping.md matches the FOCUS version upgrade (src/domain/focus/versions/upgrade.ts)", () => {
  it("names, in the FOCUS file cell, every older column name a file may still carry for a stored column", async () => {
    const { RENAMED_COLUMNS } = await import("~/domain/focus/versions/upgrade");
    const missing = Object.entries(RENAMED_COLUMNS).flatMap(([column, olds]) => {
      const cell = docRows.find((r) => r.column === column)?.focus.toLowerCase() ?? "";
      return olds.filter((old) => !new RegExp(`\\b${old}\\b`).test(cell)).map((old) => `${column}: ${old}`);
    });
    expect(missing).toEqual([]);
  });
});
