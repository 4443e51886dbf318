import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const WEB_DIR = resolve(REPO_ROOT, 'apps/web');
export const WEB_DIST = resolve(WEB_DIR, 'dist');
/** Full-page screenshots of the main pages, for people to look at (gitignored). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../screenshots');
/** One line per axe scan, summed up by the global teardown. */
export const AXE_LOG = resolve(__dirname, '../../test-results/axe.jsonl');
