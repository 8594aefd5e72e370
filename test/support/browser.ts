import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { emailsTo } from './inbox';
import { codesTo } from './portal-session';
import { drainStreams } from './streams';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the browser tests write their screenshots (kept out of git). */
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** Debian's Chromium (`.ci/run` installs it when missing), or FIELDPASS_CHROMIUM. */
const executablePath = process.env.FIELDPASS_CHROMIUM ?? '/usr/bin/chromium';

/** The flags the issue fixes: no sandbox (containers), no GPU, nothing fetched in the background. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath,
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

/** Writes a screenshot of what `page` shows (the whole page unless `fullPage: false`) to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    const results = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
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
