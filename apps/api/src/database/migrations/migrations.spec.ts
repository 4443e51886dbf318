import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '.';

/** Every module specifier a source file names: static and dynamic imports, re-exports, require calls. */
function specifiersIn(source: string): string[] {
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

const MIGRATION_FILES = readdirSync(__dirname).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
);

/**
 * A migration runs once per installation and must do the same on every one of them, whenever it runs: so it
 * may not depend on app code (entities, sample lists, helpers), which keeps changing after it was written.
 */
describe('migrations', () => {
  it.each(MIGRATION_FILES)('%s imports nothing but TypeORM and other files of this folder', (file) => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    const outside = specifiersIn(source).filter(
      (specifier) => specifier !== 'typeorm' && !/^\.\/[^/]+$/.test(specifier),
    );
    expect(outside).toEqual([]);
  });

  it('finds the imports it checks', () => {
    expect(specifiersIn(`import { x } from '../../images/samples';\nconst y = require("../y");`)).toEqual([
      '../../images/samples',
      '../y',
    ]);
  });

  it('lists every migration file of the folder, in the order of their timestamps', () => {
    const names = migrations.map((migration) => new migration().constructor.name);
    const timestamps = names.map((name) => Number(/\d+$/.exec(name)?.[0]));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(names.length).toBe(MIGRATION_FILES.filter((file) => /^\d+-/.test(file)).length);
  });
});
