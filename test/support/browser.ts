import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { emailsTo } from './inbox';
import { codesTo } from './portal-session';
import { drainStreams } from './streams';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the browser tests write their screenshots (kept out of git). */
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

const resolveModule = createRequire(import.meta.url).resolve;

/**
 * The Chromium inside the `@sparticuz/chromium` package (Linux x64), unpacked once per machine
 * and package version into the temporary directory. The package unpacks into `os.tmpdir()`, so a
 * child process does it with its own TMPDIR and the result is renamed into place in one step:
 * test files launching at once, or a run stopped halfway, never leave a half-written browser.
 */
async function packagedChromium(): Promise<string> {
  const entry = resolveModule('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(tmpdir(), `fieldpass-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(join(tmpdir(), 'fieldpass-chromium-unpacking-'));
  try {
    const unpack = `import(${JSON.stringify(pathToFileURL(entry).href)}).then((m) => m.default.executablePath())`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', unpack], {
      env: { ...process.env, TMPDIR: staging },
    });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another test file may have put the same browser in place first.
    if (!existsSync(binary)) throw error;
  }
  return binary;
}

/**
 * The browser the tests drive: FIELDPASS_CHROMIUM when set; else, on Linux x64, the Chromium
 * that `npm ci` installed with `@sparticuz/chromium` (no system package needed); else a system
 * Chromium at /usr/bin/chromium.
 */
async function chromiumExecutable(): Promise<string> {
  if (process.env.FIELDPASS_CHROMIUM) return process.env.FIELDPASS_CHROMIUM;
  if (process.platform === 'linux' && process.arch === 'x64') return packagedChromium();
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('No Chromium for the browser tests here: set FIELDPASS_CHROMIUM to a Chromium or Chrome binary');
}

/**
 * The flags the issue fixes: no sandbox (containers), no GPU, nothing fetched in the background.
 * Not @sparticuz/chromium's own serverless flags: they turn off web security (CORS, which the
 * portal page relies on across origins) and site isolation, and force a single process.
 */
export const launchBrowser = async (): Promise<Browser> =>
  chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });

/** A phone: 360 × 740 CSS pixels, touch, a mobile user agent's viewport rules. */
export const phoneContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });

/**
 * Writes a screenshot of what `page` shows (the whole page unless `fullPage: false`) to
 * test-results/screenshots/<name>.png, one image pixel per CSS pixel: a phone's device pixels
 * (twice as many each way) cost Chromium about three times as much CPU to capture and encode.
 * FIELDPASS_SCREENSHOTS=device takes them at the device's pixels, for the images in the docs.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: options.fullPage ?? true,
    scale: process.env.FIELDPASS_SCREENSHOTS === 'device' ? 'device' : 'css',
  });
}

const axeSource = readFileSync(resolveModule('axe-core/axe.min.js'), 'utf8');

/** What axe-core reports of one rule's failures. */
interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * What axe-core finds on the screen the page shows now against WCAG 2.2 A and AA and axe's best
 * practices: contrast, names and labels of controls, headings, landmarks, focusable hidden
 * content, target sizes. Each finding reads `rule: what it asks (where)`. axe runs through the
 * DevTools protocol, so the page's own Content Security Policy is left as it is.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Once per document: screens a single-page app shows one after another share it (compiling axe
  // again costs as much as a run).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    const results = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      // Every rule still runs on the whole document; only the passes, the inapplicable rules and
      // the results to review by hand, which this reads none of, are not listed node by node.
      resultTypes: ['violations'],
    })) as { violations: unknown };
    return results.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')})`,
  );
}

/** The portal links e-mailed to `email`, as they appear in the e-mail (the page's URL with the token's fragment). */
export async function linkUrlsTo(email: string): Promise<string[]> {
  await drainStreams();
  return (await emailsTo(email))
    .map((message) => /(https?:\/\/\S+\/#\/l\/[A-Za-z0-9_-]{43})\b/.exec(message.body.text ?? '')?.[1])
    .filter((url): url is string => url !== undefined);
}

/** Waits for the `index`-th code e-mailed to `email` (the code is sent before the API answers, but polls to be safe). */
export async function waitForCode(email: string, index: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const code = (await codesTo(email))[index];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code number ${index + 1} e-mailed to ${email}`);
}
