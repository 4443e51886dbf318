import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AXE_LOG, SCREENSHOT_DIR } from './paths';

export interface AxeScan {
  page: string;
  violations: { id: string; impact?: string | null; nodes: number; help: string }[];
}

/** What fails a page: the two worst of axe's four impact levels. Lesser findings are logged and summed up. */
const BLOCKING = ['serious', 'critical'];

/**
 * Runs axe-core (WCAG 2.2 A/AA and best practices) on the page as it is now, logs every finding, and fails
 * the test on any serious or critical one, listing the rule and the offending elements.
 *
 * In one pass in the page (legacy mode): the SPA has no frames, and the default's merge of per-frame results
 * opens a blank page per scan and injects axe into it again: 1.25 s per scan on two busy cores, against
 * 0.56 s in one pass. Only violations carry their elements: nothing reads the
 * elements that passed, and collecting them costs time.
 */
export async function expectAccessible(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  const scan: AxeScan = {
    page: name,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      help: v.help,
    })),
  };
  mkdirSync(dirname(AXE_LOG), { recursive: true });
  appendFileSync(AXE_LOG, JSON.stringify(scan) + '\n');
  await testInfo.attach(`axe-${name}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });

  const blocking = results.violations
    .filter((v) => BLOCKING.includes(v.impact ?? ''))
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((node) => node.target.join(' ')).join('; ')}`,
    );
  expect(blocking, `serious or critical axe violations on ${name}`).toEqual([]);
}

/** A full-page screenshot kept in e2e/web/screenshots (gitignored) for people to look at. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Scans and photographs the page: what every test does on each page it visits. */
export async function checkPage(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  await expectAccessible(page, name, testInfo);
  await keepScreenshot(page, name);
}
