import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { ensureFileSource } from "~/domain/sources/registry";
import { ingestFiles, IngestInputError } from "~/domain/ingest";
import { probeFile } from "~/domain/ingest/file-probe";
import { readMultipart } from "~/server/uploads/multipart";
import { receiveUpload, UploadError } from "~/server/uploads/receive-upload";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/** Finding 13: every reader of untrusted input holds a bounded amount of it in memory. */

const BOUNDARY = "----abi-test-boundary";
const MiB = 1024 * 1024;

/** A request body: `head`, then `repeat` bytes of `fill` in 64 KiB chunks; counts what the reader pulled. */
function body(head: string, fill: number, repeat: number, tail = "") {
  const pulled = { bytes: 0, peakArrayBuffers: 0 };
  const base = process.memoryUsage().arrayBuffers;
  async function* chunks() {
    const first = Buffer.from(head);
    pulled.bytes += first.length;
    yield first;
    const chunk = Buffer.alloc(64 * 1024, fill);
    for (let sent = 0; sent < repeat; sent += chunk.length) {
      pulled.bytes += chunk.length;
      pulled.peakArrayBuffers = Math.max(pulled.peakArrayBuffers, process.memoryUsage().arrayBuffers - base);
      yield chunk;
    }
    yield Buffer.from(tail);
  }
  return { chunks: chunks(), pulled };
}

async function drain(chunks: AsyncIterable<Uint8Array>) {
  for await (const _ of readMultipart(chunks, BOUNDARY)) void _;
}

describe("multipart reader", () => {
  it("refuses a 10 MB boundary line without CRLF after reading only the start of it", async () => {
    const { chunks, pulled } = body(`--${BOUNDARY}`, 0x61, 10 * MiB);
    await expect(drain(chunks)).rejects.toThrow("The upload is malformed: a part boundary line does not end");
    expect(pulled.bytes).toBeLessThan(256 * 1024);
    expect(pulled.peakArrayBuffers).toBeLessThan(2 * MiB);
  });

  it("refuses a 10 MB part header without CRLF with a 16 KiB limit", async () => {
    const { chunks, pulled } = body(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="`, 0x61, 10 * MiB);
    await expect(drain(chunks)).rejects.toThrow("A form part's headers are longer than 16 KiB");
    expect(pulled.bytes).toBeLessThan(256 * 1024);
    expect(pulled.peakArrayBuffers).toBeLessThan(2 * MiB);
  });
});

let rt: Runtime;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("bounded", ["ABI_UPLOAD_MAX_FILES"]);
});
afterAll(async () => {
  await rt?.close();
});

describe("upload receiver", () => {
  let sourceId: string;
  beforeAll(async () => {
    sourceId = (await ensureFileSource(rt.db, "uploads")).id;
  });

  const uploadsKept = () => (fs.existsSync(path.join(rt.env.dataDir, "uploads")) ? fs.readdirSync(path.join(rt.env.dataDir, "uploads")) : []);
  const receive = (form: string) =>
    receiveUpload(rt, { body: new Response(form).body, contentType: `multipart/form-data; boundary=${BOUNDARY}`, sourceId }).catch((e: unknown) => e);
  const filePart = (i: number) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="f${i}.csv"\r\n\r\na,b\n1,2\n\r\n`;

  it("refuses 1000 tiny files in one request (default limit 20) and keeps none of them", async () => {
    const form = Array.from({ length: 1000 }, (_, i) => filePart(i)).join("") + `--${BOUNDARY}--\r\n`;
    const err = await receive(form);
    expect(err).toBeInstanceOf(UploadError);
    expect((err as UploadError).status).toBe(413);
    expect((err as UploadError).message).toBe("Upload at most 20 files at a time (ABI_UPLOAD_MAX_FILES); send the rest in another upload");
    expect(uploadsKept()).toEqual([]);
  });

  it("refuses an oversized form field and too many form fields", async () => {
    const big = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n${"x".repeat(65 * 1024)}\r\n--${BOUNDARY}--\r\n`;
    const err = await receive(big);
    expect((err as UploadError).status).toBe(413);
    expect((err as UploadError).message).toBe("The form field note is larger than 64 KiB");
    const many = Array.from({ length: 21 }, (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join("") + `--${BOUNDARY}--\r\n`;
    expect(((await receive(many)) as UploadError).message).toBe("The upload has more than 20 form fields");
    expect(uploadsKept()).toEqual([]);
  });

  it("refuses a part whose headers exceed 16 KiB with 400", async () => {
    const err = await receive(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${"a".repeat(20 * 1024)}.csv"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`);
    expect((err as UploadError).status).toBe(400);
    expect((err as UploadError).message).toBe("A form part's headers are longer than 16 KiB");
  });
});

describe("JSON detection of billing files", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-json-bound-"));
  });

  it("refuses a 200 MB .csv that starts with [ without reading it whole", async () => {
    const file = path.join(tmp, "usage.csv");
    const out = fs.createWriteStream(file);
    const row = Buffer.from(`{"date":"2024-01-01","cost":1.25,"meterCategory":"Storage","resourceId":"/subscriptions/x/y"},`);
    out.write("[");
    for (let written = 0; written < 200 * MiB; written += row.length * 1000) {
      if (!out.write(Buffer.concat(Array.from({ length: 1000 }, () => row)))) await once(out, "drain");
    }
    out.end(`{"date":"2024-01-01","cost":0}]`);
    await once(out, "finish");
    expect(fs.statSync(file).size).toBeGreaterThan(200 * MiB);

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const err = await ingestFiles(rt.ch, { sourceId: "json-bomb", files: [file] }).catch((e: unknown) => e);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(err).toBeInstanceOf(IngestInputError);
    expect((err as Error).message).toMatch(/usage\.csv: JSON files are read up to 32 MiB and this one is 200 MiB; load the export as CSV or Parquet/);
    expect(peak - rssBefore).toBeLessThan(64 * MiB);
    fs.rmSync(file);
  });

  it("reads a .csv as JSON only when its content clearly is JSON", async () => {
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(tmp, name), text), path.join(tmp, name));
    expect((await probeFile(write("bracketed.csv", "[Date],[Cost]\n2024-01-01,1\n"))).format).toBe("csv");
    expect((await probeFile(write("page.csv", ' [ {"properties": {"cost": 1}} ]'))).format).toBe("json");
    expect((await probeFile(write("obj.csv", '{"value": []}'))).format).toBe("json");
    expect((await probeFile(write("page.json", "[1]"))).format).toBe("json");
  });
});
