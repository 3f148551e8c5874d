import { describe, expect, it } from "vitest";
import { boundaryOf, readMultipart, type MultipartEvent } from "~/server/uploads/multipart";

async function collect(body: Uint8Array, boundary: string, chunkSize: number) {
  async function* chunks() {
    for (let i = 0; i < body.length; i += chunkSize) yield body.subarray(i, i + chunkSize);
  }
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  const chunkSizes: number[] = [];
  for await (const ev of readMultipart(chunks(), boundary) as AsyncGenerator<MultipartEvent>) {
    if (ev.type === "part") parts.push({ name: ev.name, filename: ev.filename, data: Buffer.alloc(0) });
    if (ev.type === "data") {
      parts.at(-1)!.data = Buffer.concat([parts.at(-1)!.data, ev.chunk]);
      chunkSizes.push(ev.chunk.length);
    }
  }
  return { parts, chunkSizes };
}

/** A body serialised by the platform's own FormData encoder, as a browser sends it. */
async function encode(form: FormData) {
  const req = new Request("http://x/", { method: "POST", body: form });
  return { body: new Uint8Array(await req.arrayBuffer()), boundary: boundaryOf(req.headers.get("content-type")) };
}

describe("streaming multipart reader", () => {
  it("reads fields and files split at every possible chunk boundary", async () => {
    // File content that contains a near-delimiter and CRLFs.
    const boundaryLike = "a,b\r\n--not-the-boundary\r\n\r\n1,2\r\n";
    const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const form = new FormData();
    form.append("note", "hello");
    form.append("files", new Blob([boundaryLike]), "Bill (Sept) é.csv");
    form.append("files", new Blob([binary]), "x.parquet");
    const { body, boundary } = await encode(form);
    for (const size of [1, 2, 3, 7, 16, 41, 64, 1000, body.length]) {
      const { parts } = await collect(body, boundary, size);
      expect(parts.map((p) => [p.name, p.filename])).toEqual([["note", undefined], ["files", "Bill (Sept) é.csv"], ["files", "x.parquet"]]);
      expect(parts[0]!.data.toString()).toBe("hello");
      expect(parts[1]!.data.toString()).toBe(boundaryLike);
      expect(parts[2]!.data.equals(binary)).toBe(true);
    }
  });

  it("streams a large file in pieces instead of holding it", async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x61);
    const form = new FormData();
    form.append("files", new Blob([big]), "big.csv");
    const { body, boundary } = await encode(form);
    const { parts, chunkSizes } = await collect(body, boundary, 64 * 1024);
    expect(parts[0]!.data.length).toBe(big.length);
    expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(64 * 1024 + 100);
  });

  it("rejects a body cut off mid-file and a non-multipart request", async () => {
    const form = new FormData();
    form.append("files", new Blob(["a,b\n1,2\n"]), "a.csv");
    const { body, boundary } = await encode(form);
    await expect(collect(body.subarray(0, body.length - 20), boundary, 10)).rejects.toThrow("The upload ended early");
    expect(() => boundaryOf("application/json")).toThrow("Send the files as multipart/form-data");
  });
});
