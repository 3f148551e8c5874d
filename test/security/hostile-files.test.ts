// First: Next's request scope needs its AsyncLocalStorage global before any next/* module loads.
import { inRequestScope } from "./next-request-scope";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ensureTemporalAddress } from "~/domain/runtime/temporal";
import { ensureFileSource } from "~/domain/sources/registry";
import { ingestCommand } from "~/domain/commands/ingest";
import { exportCommand } from "~/domain/commands/export";
import type { DataSource } from "~/domain/sources/registry";
import { receiveUpload, UploadError } from "~/server/uploads/receive-upload";
import { startSecurityRuntime, type SecurityRuntime } from "./principals";
import { storedState } from "./stored-state";

/**
 * Hostile files and arguments: upload file names with path traversal, malformed and oversized
 * multipart bodies, gzip bombs, broken UTF-8 and NUL bytes in CSV, CLI `ingest` / `export`
 * arguments pointing at odd places. Each gets a clear error or a safe result, memory stays
 * bounded, and no billing data or registry row changes.
 */

let s: SecurityRuntime;
let source: DataSource;
let work: string;
const EA = fs.readFileSync("test/fixtures/azure-ea/EA_ActualCost_Small.csv");
const EA_HEADER = EA.subarray(0, EA.indexOf(0x0a) + 1);

beforeAll(async () => {
  s = await startSecurityRuntime("hostile-files");
  source = await ensureFileSource(s.rt.db, "uploads");
  await ensureFileSource(s.rt.db, "manual"); // the CLI's default source, so a refused ingest adds no row
  await ensureTemporalAddress(s.rt.env); // an accepted upload starts its ingest workflow
  work = fs.mkdtempSync(path.join(os.tmpdir(), "abi-hostile-files-"));
}, 180_000);
afterAll(async () => {
  await s?.rt.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const uploadsRoot = () => path.join(s.rt.env.dataDir, "uploads");
const uploadDirs = () => (fs.existsSync(uploadsRoot()) ? fs.readdirSync(uploadsRoot()) : []);

/** A multipart body with the given raw part headers and contents. */
function multipart(boundary: string, parts: { disposition: string; body: Buffer | string }[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${p.disposition}\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(p.body), Buffer.from("\r\n"));
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function* chunked(buf: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function upload(body: Buffer, contentType = "multipart/form-data; boundary=xyz", maxFileBytes?: number) {
  return receiveUpload(s.rt, { body: chunked(body), contentType, sourceId: source.id, maxFileBytes });
}

/** Runs an upload that must be refused: the status, the message, no upload directory left, nothing stored. */
async function refusedUpload(body: Buffer, status: number, message: RegExp, contentType?: string, maxFileBytes?: number) {
  const before = await storedState(s.rt);
  const dirs = uploadDirs();
  const err = await upload(body, contentType, maxFileBytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the upload should have been refused").toBeInstanceOf(UploadError);
  expect((err as UploadError).status).toBe(status);
  expect((err as UploadError).message).toMatch(message);
  expect(uploadDirs()).toEqual(dirs);
  expect(await storedState(s.rt)).toEqual(before);
}

describe("upload file names cannot leave the upload directory", () => {
  const evil = `abi-evil-${process.pid}.csv`;
  it.each([
    ["../ path", `form-data; name="files"; filename="../../../../../../tmp/${evil}"`],
    ["backslash path", `form-data; name="files"; filename="..\\\\..\\\\..\\\\tmp\\\\${evil}"`],
    ["percent-encoded path in filename*", `form-data; name="files"; filename*=UTF-8''..%2F..%2F..%2F..%2Ftmp%2F${evil}`],
  ])("%s", async (_name, disposition) => {
    const r = await upload(multipart("xyz", [{ disposition, body: EA }]));
    expect(r.files).toEqual([{ name: evil, bytes: EA.length }]);
    const dir = path.join(uploadsRoot(), r.uploadId);
    expect(fs.readdirSync(dir)).toEqual([`1-${evil}`]);
    expect(fs.readFileSync(path.join(dir, `1-${evil}`)).equals(EA)).toBe(true);
    expect(fs.existsSync(path.join("/tmp", evil))).toBe(false);
    expect(fs.existsSync(path.join(s.rt.env.dataDir, evil))).toBe(false);
  });
});

describe("malformed, oversized and unwanted uploads get a 4xx with a clear message", () => {
  const file = (name: string) => `form-data; name="files"; filename="${name}"`;
  it("a malformed percent-escape in filename* (was a URIError → 500)", () =>
    refusedUpload(multipart("xyz", [{ disposition: `form-data; name="files"; filename*=UTF-8''%E0%A4%A.csv`, body: EA }]), 400, /not valid percent-encoded UTF-8/));
  it("a script instead of a CSV", () => refusedUpload(multipart("xyz", [{ disposition: file("run.sh"), body: "#!/bin/sh\nrm -rf /\n" }]), 415, /upload CSV/));
  it("a NUL byte hiding the real extension", () => refusedUpload(multipart("xyz", [{ disposition: file("costs.csv\u0000.sh"), body: EA }]), 415, /upload CSV/));
  it("no boundary", () => refusedUpload(multipart("xyz", [{ disposition: file("a.csv"), body: EA }]), 415, /multipart\/form-data/, "multipart/form-data"));
  it("not multipart at all", () => refusedUpload(EA, 415, /multipart\/form-data/, "text/csv"));
  it("a body that ends mid-file", () => refusedUpload(multipart("xyz", [{ disposition: file("a.csv"), body: EA }], false), 400, /ended early/));
  it("part headers that never end", () => refusedUpload(Buffer.concat([Buffer.from("--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\nX: "), Buffer.alloc(64 * 1024, 0x41)]), 400, /headers are longer than/));
  it("a part without a name", () => refusedUpload(multipart("xyz", [{ disposition: `form-data; filename="a.csv"`, body: EA }]), 400, /no name/));
  it("a file over the size limit", () => refusedUpload(multipart("xyz", [{ disposition: file("big.csv"), body: Buffer.alloc(8192, 0x41) }]), 413, /larger than the .* upload limit/, undefined, 4096));
  it("an empty file", () => refusedUpload(multipart("xyz", [{ disposition: file("empty.csv"), body: "" }]), 400, /is empty/));
  it("only form fields, no file", () => refusedUpload(multipart("xyz", [{ disposition: `form-data; name="note"`, body: "hello" }]), 400, /at least one file/));
});

describe("POST /api/uploads answers hostile bodies with a 4xx and a readable JSON error", () => {
  async function post(body: Buffer, contentType: string) {
    const { POST } = await import("~/app/api/uploads/route");
    const req = new Request(`http://localhost:3160/api/uploads?sourceId=${source.id}`, {
      method: "POST",
      headers: { "content-type": contentType, cookie: await s.cookie("admin") },
      body,
      duplex: "half",
    } as RequestInit);
    const before = await storedState(s.rt);
    const res = await inRequestScope(req, () => POST(req));
    const json = (await res.json()) as { error?: string };
    expect(await storedState(s.rt)).toEqual(before);
    return { status: res.status, error: json.error ?? "" };
  }
  it.each([
    ["a malformed filename*", multipart("xyz", [{ disposition: `form-data; name="f"; filename*=UTF-8''%ZZ.csv`, body: EA }]), "multipart/form-data; boundary=xyz", 400, /not valid percent-encoded UTF-8/],
    ["a body cut mid-file", multipart("xyz", [{ disposition: `form-data; name="f"; filename="a.csv"`, body: EA }], false), "multipart/form-data; boundary=xyz", 400, /ended early/],
    ["JSON instead of multipart", Buffer.from('{"files":["../../etc/passwd"]}'), "application/json", 415, /multipart\/form-data/],
    ["a boundary that never appears", Buffer.alloc(256 * 1024, 0x2d), "multipart/form-data; boundary=nothere", 400, /ended early/],
  ] as const)("%s", async (_name, body, contentType, status, message) => {
    const r = await post(body, contentType);
    expect(r.status).toBe(status);
    expect(r.error).toMatch(message);
    expect(r.error).not.toMatch(/at .*:\d+|Error:/);
  });
});

/** A gzip file of `head` followed by `bytes` of the ASCII digit 0 (no line breaks). */
function gzipBomb(file: string, head: Buffer, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const gz = zlib.createGzip({ level: 9 });
    const out = fs.createWriteStream(file);
    gz.pipe(out).on("finish", resolve).on("error", reject);
    gz.write(head);
    const chunk = Buffer.alloc(1 << 20, 0x30);
    let left = bytes >> 20;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!gz.write(chunk)) return void gz.once("drain", pump);
      }
      gz.end();
    };
    pump();
  });
}

/** Runs `abi ingest` the way the CLI and the local bridge do; returns the error message. */
async function refusedIngest(files: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const before = await storedState(s.rt);
  const err = await ingestCommand.run(s.rt, { files, ...extra } as never, () => undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the ingest should have been refused").toBeInstanceOf(Error);
  expect(await storedState(s.rt)).toEqual(before);
  return err instanceof ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : (err as Error).message;
}

/** Peak resident memory of this process so far (VmHWM), in MB. */
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

describe("gzip bombs are refused early with bounded memory", () => {
  it("1 GiB of zeros in a 1 MB .csv.gz", async () => {
    const file = path.join(work, "bomb-zeros.csv.gz");
    await gzipBomb(file, Buffer.alloc(0), 1 << 30);
    expect(fs.statSync(file).size).toBeLessThan(2 << 20);
    const peak = peakMb();
    const started = Date.now();
    expect(await refusedIngest([file])).toMatch(/bomb-zeros\.csv\.gz: the header row is longer than 64 MiB/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(peakMb() - peak).toBeLessThan(200);
  });

  it("a valid export header, then one 512 MiB line (ClickHouse held it whole: 3 GB before the fix)", async () => {
    const file = path.join(work, "EA_ActualCost_bomb.csv.gz");
    await gzipBomb(file, EA_HEADER, 512 << 20);
    const peak = peakMb();
    expect(await refusedIngest([file])).toMatch(/EA_ActualCost_bomb\.csv\.gz: the first data row is longer than 64 MiB/);
    expect(peakMb() - peak).toBeLessThan(200);
  });

  it("a .csv.gz that is not gzip inside", async () => {
    const file = path.join(work, "broken.csv.gz");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(64, 0xff)]));
    expect(await refusedIngest([file])).toMatch(/cannot decompress gzip/);
  });
});

describe("broken Unicode in CSV files", () => {
  it("an overlong UTF-8 sequence (C0 AF, a disguised '/') in the header", async () => {
    const file = path.join(work, "EA_overlong_header.csv");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xc0, 0xaf]), EA]));
    expect(await refusedIngest([file])).toMatch(/header is not valid UTF-8/);
  });

  it("NUL bytes and overlong UTF-8 in a row's resource name: the row fails validation, previous data is kept", async () => {
    const [header, first] = EA.toString("utf8").split("\n");
    const cols = header!.replace(/^\ufeff/, "").split(",");
    const at = cols.indexOf("ResourceName");
    const cells = first!.split(",");
    const file = path.join(work, "EA_ActualCost_bad_bytes.csv");
    const bad = Buffer.concat([Buffer.from(`${cells.slice(0, at).join(",")},vm\u0000`), Buffer.from([0xc0, 0xaf]), Buffer.from(`x,${cells.slice(at + 1).join(",")}\n`)]);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n`), bad]));
    expect(await refusedIngest([file])).toMatch(/failed validation .*x_StringHandlingValidUnicode.*previous data was kept/);
  });

  it("a UTF-16 export", async () => {
    const file = path.join(work, "EA_utf16.csv");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EA.toString("utf8"), "utf16le")]));
    expect(await refusedIngest([file])).toMatch(/UTF-16 encoded/);
  });
});

describe("CLI arguments pointing at odd places", () => {
  it("abi ingest ../../etc/passwd reads no billing data", async () => {
    const rel = path.relative(process.cwd(), "/etc/passwd");
    expect(rel.startsWith("..")).toBe(true);
    expect(await refusedIngest([rel])).toMatch(/passwd: no CSV header row found/);
  });
  it("abi ingest /etc (a directory)", async () => expect(await refusedIngest(["/etc"])).toMatch(/etc: not a regular file/));
  it("abi ingest /proc/self/environ (a special file)", async () => expect(await refusedIngest(["/proc/self/environ"])).toMatch(/environ: the file is empty/));
  it("abi ingest a file that does not exist", async () => expect(await refusedIngest([path.join(work, "nope.csv")])).toMatch(/nope\.csv: file not found/));
  it("abi ingest --dataset with a shell command", async () => expect(await refusedIngest([path.join(work, "x.csv")], { dataset: "ea; rm -rf /" })).toMatch(/dataset/));
  it("abi ingest --source with a control character", async () => expect(await refusedIngest([path.join(work, "x.csv")], { source: "a\u0000b" })).toMatch(/control characters/));

  /** Runs `abi export`; returns the error message (nothing may be written elsewhere). */
  async function refusedExport(args: Record<string, unknown>): Promise<string> {
    const before = await storedState(s.rt);
    const err = await exportCommand.run(s.rt, { from: "2025-01", to: "2025-02", format: "csv", ...args } as never, () => undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, "the export should have been refused").toBeInstanceOf(Error);
    expect(await storedState(s.rt)).toEqual(before);
    return err instanceof ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : (err as Error).message;
  }

  it("abi export --out with glob characters (chDB's file() read them as patterns: \"Cannot open file : ,\")", async () => {
    const dir = fs.mkdtempSync(path.join(work, "out-"));
    expect(await refusedExport({ out: path.join(dir, "focus-*{1,2}.csv") })).toMatch(/must not contain \* \? \{ or \} characters/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
  it("abi export --out a directory", async () => expect(await refusedExport({ out: work })).toMatch(/is a directory; name the file to write/));
  it("abi export --out climbing to /", async () => expect(await refusedExport({ out: `${work}/../../../../../..` })).toMatch(/is a directory/));
  it("abi export --from after --to", async () => expect(await refusedExport({ from: "2025-06", to: "2025-01", out: path.join(work, "x.csv") })).toMatch(/--from must not be after --to/));
  it("abi export --format with a shell command", async () => expect(await refusedExport({ format: "csv; rm -rf /", out: path.join(work, "x.csv") })).toMatch(/format/));
  it("abi export --source with a NUL byte", async () => expect(await refusedExport({ source: "x\u0000", out: path.join(work, "x.csv") })).toMatch(/control characters/));
  it("abi export --from month 13", async () => expect(await refusedExport({ from: "2025-13", out: path.join(work, "x.csv") })).toMatch(/YYYY-MM/));

  it("abi export --out with quotes and spaces writes exactly that file and nothing else", async () => {
    const dir = fs.mkdtempSync(path.join(work, "out-"));
    const out = path.join(dir, `it's a "test" ; rm -rf.csv`);
    const r = await exportCommand.run(s.rt, { from: "2025-01", to: "2025-02", format: "csv", out }, () => undefined);
    expect(r.out).toBe(out);
    expect(fs.readdirSync(dir)).toEqual([path.basename(out)]);
  });
});
