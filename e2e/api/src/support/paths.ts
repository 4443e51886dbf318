import { resolve } from 'node:path';

/** The repository root, wherever Jest was started from. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const API_DIR = resolve(REPO_ROOT, 'apps/api');
export const API_MAIN = resolve(API_DIR, 'dist/main.js');
