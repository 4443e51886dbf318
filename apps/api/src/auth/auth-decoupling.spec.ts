import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every TypeScript file under `dir`, tests included. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

// Auth raises events; the features that own data react to them (docs/architecture.md › Module map).
describe('auth module boundaries', () => {
  it('imports nothing from the images feature', () => {
    const offenders = sourcesUnder(__dirname).filter((file) =>
      /from '(\.\.\/)+images\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
