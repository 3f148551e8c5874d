/**
 * The attachments of a raw MIME message as the SMTP test server received it (base64 parts with a
 * Content-Disposition: attachment), decoded: read independently of nodemailer's own code.
 */
export type MailAttachment = { filename: string; contentType: string; content: Buffer };

export function mailAttachments(raw: string): MailAttachment[] {
  const out: MailAttachment[] = [];
  for (const part of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const [head, ...body] = part.split(/\r?\n\r?\n/);
    if (!head || !/Content-Disposition:\s*attachment/i.test(head)) continue;
    const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
    const filename = unfolded.match(/filename="?([^";\r\n]+)"?/i)?.[1] ?? "";
    const contentType = unfolded.match(/Content-Type:\s*([^;\r\n]+)/i)?.[1]?.trim() ?? "";
    const text = body.join("\n\n").split(/\r?\n--/)[0]!;
    out.push({ filename, contentType, content: Buffer.from(text.replace(/\s+/g, ""), "base64") });
  }
  return out;
}
