/**
 * Prints a dashboard page to PDF with headless Chromium (playwright-core), as the signed-in
 * user: the caller passes the user's cookie header (or API token), so the page shows exactly their data.
 * Printed as a report: print CSS hides the controls, a page's title block (print-header.tsx) states
 * the period, filters, scope, currency and time, and every page's footer carries "Page N of M".
 */
export type PdfOptions = {
  url: string;
  cookie: string;
  /** `Bearer abi_…` when the export was requested with an API token. */
  authorization?: string;
  executablePath?: string;
  timeoutMs?: number;
};

/** A4 landscape less the side margins (297 − 2 × 10 mm) at 96 px per inch. */
const PRINT_VIEWPORT = { width: 1047, height: 740 };

/** Chromium fills the spans of class title, pageNumber and totalPages in every page's footer. */
const FOOTER = `<div style="font-size:8px;color:#555;width:100%;margin:0 10mm;display:flex;justify-content:space-between;font-family:system-ui,sans-serif">
  <span class="title"></span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

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
    // The viewport is the printable width, and print CSS applies from the first render: charts are
    // laid out once at the size they are printed (no legend measured at screen width), controls never render.
    const context = await browser.newContext({ extraHTTPHeaders: { cookie: o.cookie, ...(o.authorization ? { authorization: o.authorization } : {}) }, viewport: PRINT_VIEWPORT });
    const page = await context.newPage();
    await page.emulateMedia({ media: "print" });
    const timeout = o.timeoutMs ?? 30_000;
    const res = await page.goto(o.url, { waitUntil: "networkidle", timeout });
    if (!res || res.status() >= 400) throw new Error(`the page answered ${res?.status() ?? "nothing"}`);
    if (new URL(page.url()).pathname.startsWith("/signin")) throw new Error("the print browser was not signed in");
    // dashboards render skeletons until their queries answer
    await page.waitForFunction(() => !document.querySelector(".skeleton"), undefined, { timeout });
    return await page.pdf({
      format: "A4",
      landscape: true,
      printBackground: true,
      margin: { top: "12mm", bottom: "14mm", left: "10mm", right: "10mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: FOOTER,
    });
  } finally {
    await browser.close();
    setLive(-1);
  }
}
