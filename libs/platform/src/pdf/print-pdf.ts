import { existsSync } from 'node:fs';

/** Options of playwright's page.pdf that our printouts use. */
export interface PrintOptions {
  margin?: { top?: string; bottom?: string; left?: string; right?: string };
  preferCSSPageSize?: boolean;
  displayHeaderFooter?: boolean;
  headerTemplate?: string;
  footerTemplate?: string;
  /** A page expression that is true once scripts (charts) have drawn. */
  readyWhen?: string;
}

/**
 * Prints an HTML page to A4 PDF with Chromium (env CHROMIUM_PATH; Debian's by default, which
 * scripts/ensure-chromium.sh installs with the Noto CJK fonts, embedded in the PDF).
 */
export async function printPdf(html: string, executablePath: string, opts: PrintOptions = {}): Promise<Buffer> {
  if (!existsSync(executablePath)) throw new Error(`chromium not found at ${executablePath}: run scripts/ensure-chromium.sh`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    if (opts.readyWhen) await page.waitForFunction(opts.readyWhen, undefined, { timeout: 15_000 });
    const { readyWhen: _ready, ...pdf } = opts;
    return await page.pdf({ format: 'A4', printBackground: true, ...pdf });
  } finally {
    await browser.close();
  }
}
