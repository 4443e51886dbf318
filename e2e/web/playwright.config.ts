import { defineConfig } from '@playwright/test';

const LONG_WAITS = '**/session.e2e.ts';

/**
 * Browser tests of the built SPA, served by the built API with a real SMTP sink (src/support/fixtures.ts).
 * They drive Debian's Chromium (apt: chromium); no browser is ever downloaded. Two workers, each with its own
 * API (src/support/fixtures.ts), on two cores: the tests mostly wait (for mail, for windows and tokens to
 * expire), and with one worker the cores were idle four-fifths of the time.
 */
export default defineConfig({
  testDir: 'src',
  testMatch: '**/*.e2e.ts',
  globalSetup: './src/support/global-setup.ts',
  globalTeardown: './src/support/global-teardown.ts',
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  // Workers take files in the projects' order: the file that mostly waits (a token's shortest lifetime, 30 s)
  // goes first, so that its wait overlaps the other tests instead of ending the run alone.
  projects: [
    { name: 'long-waits', testMatch: LONG_WAITS },
    { name: 'chromium', testIgnore: LONG_WAITS },
  ],
  use: {
    browserName: 'chromium',
    // The SPA speaks the browser's language: the suite reads English unless a test asks for another.
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
