import { resolve } from 'node:path';

/** The repository root, wherever Jest was started from. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const API_DIR = resolve(REPO_ROOT, 'apps/api');
/** The production server as started by `npm start`, the Docker image and the bench: the bundle of dist/main.js. */
export const API_MAIN = resolve(API_DIR, 'dist/bundle/main.js');
