import { existsSync, readFileSync } from 'node:fs';
import type { AxeScan } from './accessibility';
import { AXE_LOG } from './paths';

/** Prints what axe found over the whole run, so a report can quote it without digging through traces. */
export default function globalTeardown(): void {
  if (!existsSync(AXE_LOG)) return;
  const scans: AxeScan[] = readFileSync(AXE_LOG, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const count = (impacts: string[]) =>
    scans.reduce(
      (sum, scan) => sum + scan.violations.filter((v) => impacts.includes(v.impact ?? '')).length,
      0,
    );
  const rules = [...new Set(scans.flatMap((scan) => scan.violations.map((v) => `${v.id} (${v.impact})`)))];
  console.log(
    `\naxe: ${scans.length} scans of ${new Set(scans.map((scan) => scan.page)).size} pages; ` +
      `serious or critical: ${count(['serious', 'critical'])}; moderate or minor: ${count(['moderate', 'minor'])}` +
      (rules.length ? `; rules: ${rules.join(', ')}` : ''),
  );
}
