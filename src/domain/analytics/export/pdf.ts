/**
 * Prints a dashboard page to PDF with headless Chromium (playwright-core), as the signed-in
 * user: the caller passes the user's cookie header (or API token), so the page shows exactly their data.
 */
export type PdfOptions = {
  url: string;
  cookie: string;
  /** `Bearer abi_…` when the export was requested with an API token. */
  authorization?: string;
  executablePath?: string;
  timeoutMs?: number;
};

let liveBrowsers = 0;
const browserWatchers = new Set<(live: number) => void>();

/** Calls `watch` with the number of live print browsers whenever it changes; returns the unsubscribe. */
export function onPdfBrowsers(watch: (live: number) => void): () => void {
  browserWatchers.add(watch);
  return () => browserWatchers.delete(watch);
}

const setLive = (delta: number) => {
  liveBrowsers += delta;
  for (const w of browserWatchers) w(liveBrowsers);
};

export async function printPageToPdf(o: PdfOptions): Promise<Uint8Array> {
  const { chromium } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "playwright-core");
  const browser = await chromium.launch({
    executablePath: o.executablePath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  setLive(1);
  try {
    const context = await browser.newContext({ extraHTTPHeaders: { cookie: o.cookie, ...(o.authorization ? { authorization: o.authorization } : {}) }, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const timeout = o.timeoutMs ?? 30_000;
    const res = await page.goto(o.url, { waitUntil: "networkidle", timeout });
    if (!res || res.status() >= 400) throw new Error(`the page answered ${res?.status() ?? "nothing"}`);
    if (new URL(page.url()).pathname.startsWith("/signin")) throw new Error("the print browser was not signed in");
    // dashboards render skeletons until their queries answer
    await page.waitForFunction(() => !document.querySelector(".skeleton"), undefined, { timeout });
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", landscape: true, printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" } });
  } finally {
    await browser.close();
    setLive(-1);
  }
}
