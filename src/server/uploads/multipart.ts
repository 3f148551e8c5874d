/**
 * A streaming multipart/form-data reader: yields part headers, then body chunks as they arrive,
 * so a multi-gigabyte upload never sits in memory. At most one delimiter length is held back in a
 * body, and at most MAX_PART_HEADER_BYTES (plus one chunk) while looking for a part's headers.
 */
export type MultipartEvent =
  | { type: "part"; name: string; filename: string | undefined; contentType: string | undefined }
  | { type: "data"; chunk: Buffer }
  | { type: "end" };

/** A part's header section (Content-Disposition, Content-Type) is a few hundred bytes in practice. */
export const MAX_PART_HEADER_BYTES = 16 * 1024;
/** What may follow a delimiter before its CRLF ("transport padding", RFC 2046). */
const MAX_DELIMITER_LINE_BYTES = 1024;

export class MultipartError extends Error {
  override name = "MultipartError";
}

export function boundaryOf(contentType: string | null): string {
  const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new MultipartError("Send the files as multipart/form-data");
  return boundary;
}

function parseHeaders(block: string) {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const disposition = headers.get("content-disposition") ?? "";
  const param = (key: string) => {
    const star = new RegExp(`\\b${key}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(disposition);
    if (star) {
      try {
        return decodeURIComponent(star[1]!);
      } catch {
        // a malformed %-escape in filename*= was a URIError, answered as a 500
        throw new MultipartError(`A form part's ${key} is not valid percent-encoded UTF-8`);
      }
    }
    const m = new RegExp(`\\b${key}="((?:[^"\\\\]|\\\\.)*)"|\\b${key}=([^;\\s]+)`).exec(disposition);
    return m ? (m[1] ?? m[2])!.replace(/\\(.)/g, "$1") : undefined;
  };
  const name = param("name");
  if (name === undefined) throw new MultipartError("A form part has no name");
  return { name, filename: param("filename"), contentType: headers.get("content-type") };
}

export async function* readMultipart(body: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<MultipartEvent> {
  // Every delimiter is CRLF--boundary; a CRLF in front of the body makes the first one match too.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from("\r\n");
  let state: "preamble" | "after-delimiter" | "headers" | "body" = "preamble";
  let finished = false;

  const steps = function* (): Generator<MultipartEvent, boolean> {
    for (;;) {
      if (state === "preamble" || state === "body") {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a possible partial delimiter at the end for the next chunk.
          const keep = Math.min(buf.length, delimiter.length - 1);
          if (state === "body" && buf.length > keep) yield { type: "data", chunk: buf.subarray(0, buf.length - keep) };
          buf = buf.subarray(buf.length - keep);
          return false;
        }
        if (state === "body") {
          if (at > 0) yield { type: "data", chunk: buf.subarray(0, at) };
          yield { type: "end" };
        }
        buf = buf.subarray(at + delimiter.length);
        state = "after-delimiter";
      }
      if (state === "after-delimiter") {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) return true; // "--": the closing delimiter
        const eol = buf.indexOf("\r\n");
        if (eol < 0) {
          if (buf.length > MAX_DELIMITER_LINE_BYTES) throw new MultipartError("The upload is malformed: a part boundary line does not end");
          return false;
        }
        buf = buf.subarray(eol + 2); // transport padding, then CRLF
        state = "headers";
      }
      if (state === "headers") {
        const end = buf.indexOf("\r\n\r\n");
        if (end > MAX_PART_HEADER_BYTES || (end < 0 && buf.length > MAX_PART_HEADER_BYTES)) {
          throw new MultipartError(`A form part's headers are longer than ${MAX_PART_HEADER_BYTES / 1024} KiB`);
        }
        if (end < 0) return false;
        const headers = parseHeaders(buf.subarray(0, end).toString("utf8"));
        buf = buf.subarray(end + 4);
        state = "body";
        yield { type: "part", ...headers };
      }
    }
  };

  for await (const chunk of body) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
    finished = yield* steps();
    if (finished) return;
  }
  finished = yield* steps();
  if (!finished) throw new MultipartError("The upload ended early (connection closed mid-file?)");
}
