import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';
import { findChromium } from './skip';

export const CHROMIUM = findChromium();

/** Debian's Chromium, headless, with nothing phoning home (FACTS: a test tool's own browser download fails). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM.path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Sizes the journeys run at: a laptop, and a phone held upright. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * What the browser said went wrong on a page: console errors, uncaught exceptions and Content-Security-Policy
 * refusals (which Chromium reports as console errors). A journey asserts the list stays empty.
 */
export function collectBrowserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * Scans the page as it is now with axe-core (WCAG 2 A/AA rules) and answers the serious and critical violations,
 * each as `rule: what (where)`, so a failing assertion says what to fix.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    );
}

/** Where journeys leave their screenshots (the README shows two of them, copied to docs/screenshots/). */
export const SCREENSHOT_DIR = path.join(process.cwd(), 'dist', 'screenshots');

/**
 * A full-page screenshot in dist/screenshots/. One the README shows (`forReadme`) is also copied to
 * docs/screenshots/ when `UPDATE_SCREENSHOTS=1`: a plain test run leaves the committed images alone.
 */
export async function screenshot(page: Page, name: string, { forReadme = false } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (forReadme && process.env.UPDATE_SCREENSHOTS === '1') {
    const published = path.join(process.cwd(), 'docs', 'screenshots', `${name}.png`);
    fs.mkdirSync(path.dirname(published), { recursive: true });
    fs.copyFileSync(file, published);
  }
  return file;
}
