// Prints the mutation score of each StrykerJS report kept by `npx projen mutation` (one per area,
// .stryker/<area>.json, each that area's incremental file): killed and timed-out mutants over all
// scored ones. Ignored (static) mutants and compile errors (the TypeScript checker refused the mutant,
// so no program runs with it) are not scored, as in Stryker's own score.
//
//   ts-node --project build-tools/tsconfig.json build-tools/mutation-scores.ts [.stryker/<area>.json...]
import * as fs from 'fs';
import * as path from 'path';

interface MutantResult { readonly status: string }
interface Report {
  files: { [file: string]: { mutants: MutantResult[] } };
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function score(report: Report): { detected: number; undetected: number; ignored: number } {
  let detected = 0; let undetected = 0; let ignored = 0;
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      if (DETECTED.has(m.status)) { detected++; } else if (UNDETECTED.has(m.status)) { undetected++; } else { ignored++; }
    }
  }
  return { detected, undetected, ignored };
}

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const inputs = args.length ? args : fs.readdirSync(path.join(root, '.stryker')).filter(f => f.endsWith('.json')).sort().map(f => path.join(root, '.stryker', f));
for (const input of inputs) {
  const report: Report = JSON.parse(fs.readFileSync(input, 'utf8'));
  const s = score(report);
  const pct = s.detected + s.undetected ? (100 * s.detected) / (s.detected + s.undetected) : 100;
  console.log(`${path.basename(input, '.json').padEnd(14)} ${pct.toFixed(1).padStart(5)}%  ${String(s.detected).padStart(4)} killed or timed out, ${String(s.undetected).padStart(3)} survived or not covered, ${String(s.ignored).padStart(4)} not scored`
    + `  (${Object.keys(report.files).join(', ')})`);
}
