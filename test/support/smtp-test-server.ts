/**
 * A real SMTP server for tests (npm smtp-server): STARTTLS with a self-signed certificate made by
 * openssl for "localhost", PLAIN/LOGIN authentication with one account, and every accepted
 * message kept (envelope, headers, decoded text part).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; raw: string; subject: string; text: string; secure: boolean; user: string | undefined };

export type SmtpTestServer = { port: number; ca: string; user: string; password: string; mails: ReceivedMail[]; close(): Promise<void> };

function selfSignedCert(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-smtp-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
  const out = { key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"), cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8") };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** Quoted-printable soft breaks and =XX escapes (nodemailer's encoding of long text lines). */
function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) of a header, decoded. */
export function decodeHeader(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

/** The text/plain part of a (multipart) message, decoded. */
export function textPart(raw: string): string {
  const m = raw.match(/Content-Type: text\/plain[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?Content-Transfer-Encoding: ([^\r\n]+)\r?\n\r?\n([\s\S]*?)\r?\n--/i);
  if (!m) return "";
  const [, enc, body] = m;
  if (/quoted-printable/i.test(enc!)) return decodeQuotedPrintable(body!);
  if (/base64/i.test(enc!)) return Buffer.from(body!.replace(/\s+/g, ""), "base64").toString("utf8");
  return body!;
}

export async function startSmtpServer(opts: { requireAuth?: boolean } = {}): Promise<SmtpTestServer> {
  const { key, cert } = selfSignedCert();
  const user = "abi-mailer";
  const password = "smtp-test-password-42";
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    key,
    cert,
    authOptional: opts.requireAuth === false,
    // Authentication only after STARTTLS (the default): a plain session cannot sign in.
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) return cb(null, { user });
      return cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const subject = decodeHeader((raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1] ?? "").replace(/\r?\n[ \t]/g, " "));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
          text: textPart(raw),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return { port, ca: cert, user, password, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
