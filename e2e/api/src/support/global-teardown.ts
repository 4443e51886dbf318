import { rmSync } from 'node:fs';
import { PGLITE_TEMPLATE_ENV } from './database';

/** Removes the migrated PGlite template that global setup made. */
export default function globalTeardown(): void {
  const template = process.env[PGLITE_TEMPLATE_ENV];
  if (template) rmSync(template, { recursive: true, force: true });
}
