// Re-tests the static mutants StrykerJS reports as survived, by applying each to a copy of the
// repository and running the tests that import the mutated file.
//
// Why: a static mutant sits in code that runs while a module loads (a module-level constant, a
// regular expression, a table). StrykerJS activates such a mutant too late when it runs a mutant
// against a subset of the tests, as it does here (jest's findRelatedTests): the module has already
// loaded with the original code, so the mutant is reported as survived although the tests kill it
// (stryker-mutator/stryker-js#6144 and #6209, open; 2026-12-02: 14 of 14 util static survivors failed
// the tests when applied by hand). Here each one is written into the source of a scratch copy, so the
// module loads mutated, and jest runs every test related to the file; a failing test marks the
// mutant Killed, a run over the time limit Timeout, a passing run leaves it Survived. The result
// goes into the area's report with the reason, so the score and the committed incremental file say
// what was run.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Position { readonly line: number; readonly column: number }
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: string;
  statusReason?: string;
  static?: boolean;
}
interface Report { files: { [file: string]: { source: string; mutants: Mutant[] } } }

/** The source with the mutant's replacement written over its location (lines and columns count from 1). */
export function applyMutant(source: string, m: Pick<Mutant, 'location' | 'replacement'>): string {
  if (m.replacement === undefined) { throw new Error('the mutant has no replacement text'); }
  const lines = source.split('\n');
  const offset = (p: Position) => {
    if (p.line < 1 || p.line > lines.length) { throw new Error(`line ${p.line} is outside the file (${lines.length} lines)`); }
    let o = 0;
    for (let i = 0; i < p.line - 1; i++) { o += lines[i].length + 1; }
    return o + p.column - 1;
  };
  const start = offset(m.location.start);
  const end = offset(m.location.end);
  if (end < start) { throw new Error(`the mutant's location ends before it starts (${start} > ${end})`); }
  return source.slice(0, start) + m.replacement + source.slice(end);
}

/** A scratch copy of the repository at `root` (no .git, node_modules linked, ../shared linked when there). */
function scratchCopy(root: string): { repo: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-static-mutants-'));
  const repo = path.join(dir, path.basename(root));
  const skip = new Set(['.git', 'node_modules', '.stryker-tmp', 'coverage', 'test-reports']);
  fs.cpSync(root, repo, { recursive: true, filter: src => !skip.has(path.relative(root, src).split(path.sep)[0]) || src === root });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'));
  const shared = path.join(root, '..', 'shared');
  if (fs.existsSync(shared)) { fs.symlinkSync(shared, path.join(dir, 'shared')); }
  return { repo, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Re-tests the static survivors of one area's report in place; returns how many changed status.
 *
 * With `everyUndetected`, every mutant that survived or had no coverage is re-tested, static or not:
 * for an area whose Stryker run used only its own tests (`FOCUSED_TESTS` in mutation.ts), this runs
 * each undetected mutant against every test related to its file, so the score is the one a run over
 * the whole suite would give (a mutant a test elsewhere kills is recorded Killed, with that test).
 */
export function recheckStaticSurvivors(root: string, reportFile: string, options: { everyUndetected?: boolean; timeoutMs?: number } = {}): number {
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  if (!fs.existsSync(reportFile)) { return 0; }
  const report: Report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const undetected = (m: Mutant) => m.status === 'Survived' || (options.everyUndetected && m.status === 'NoCoverage');
  const todo = Object.entries(report.files).flatMap(([file, r]) => r.mutants
    .filter(m => (m.static || options.everyUndetected) && undetected(m) && m.replacement !== undefined)
    .map(m => ({ file, m })));
  if (!todo.length) { return 0; }
  const what = options.everyUndetected ? 'undetected mutant(s)' : 'static survivor(s)';
  const why = options.everyUndetected ? 'the area\'s own tests did not kill it' : 'stryker-js#6144';
  console.log(`mutation: re-testing ${todo.length} ${what} of ${path.relative(root, reportFile)} with the mutant written into the source, against every test related to its file`);
  const { repo, dispose } = scratchCopy(root);
  let changed = 0;
  try {
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    const run = (file: string, limit: number) => spawnSync(process.execPath, [jest, '--ci', '--silent', '--bail', '--maxWorkers=2', '--passWithNoTests', '--findRelatedTests', file], {
      cwd: repo,
      encoding: 'utf8',
      timeout: limit,
      maxBuffer: 256 * 2 ** 20,
      env: { ...process.env, CDK8S_DAEMONS_MUTATION: '1' },
    });
    // the time limit of a mutant's run: four times the unmutated run, at least a minute, at most timeoutMs
    const limits = new Map<string, number>();
    for (const { file, m } of todo) {
      if (!limits.has(file)) {
        // the unmutated copy must pass, or a failure would say nothing about the mutant
        const baseStarted = Date.now();
        const base = run(file, timeoutMs);
        if (base.status !== 0) { throw new Error(`the tests related to ${file} fail in the scratch copy without any mutant (exit ${base.status ?? base.signal}):\n${(base.stderr ?? '').slice(-3000)}`); }
        limits.set(file, Math.min(timeoutMs, Math.max(60_000, 4 * (Date.now() - baseStarted))));
      }
      const limit = limits.get(file)!;
      const target = path.join(repo, file);
      const original = fs.readFileSync(target, 'utf8');
      if (original !== report.files[file].source) {
        console.log(`  ${file}:${m.location.start.line} ${m.mutatorName}: skipped, the file changed since the run`);
        continue;
      }
      fs.writeFileSync(target, applyMutant(original, m));
      const started = Date.now();
      const r = run(file, limit);
      fs.writeFileSync(target, original);
      const seconds = Math.round((Date.now() - started) / 1000);
      const failed = /^FAIL /m.exec(r.stderr ?? '');
      if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
        m.status = 'Timeout';
        m.statusReason = `mutant written into the source: the related tests ran over ${Math.round(limit / 1000)} s (${why})`;
      } else if (r.status !== 0 && failed) {
        m.status = 'Killed';
        m.statusReason = `mutant written into the source: ${failed.input.slice(failed.index).split('\n')[0]} (${why})`;
      } else if (r.status !== 0) {
        throw new Error(`jest failed without a failing test for ${file}:${m.location.start.line} (exit ${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-3000)}`);
      }
      if (!undetected(m)) { changed++; }
      // kept after each mutant: a stopped re-test loses nothing it decided
      fs.writeFileSync(reportFile, JSON.stringify(report, undefined, 2));
      console.log(`  ${file}:${m.location.start.line} ${m.mutatorName} ${JSON.stringify(m.replacement).slice(0, 60)}: ${m.status} (${seconds} s)`);
    }
  } finally {
    dispose();
  }
  fs.writeFileSync(reportFile, JSON.stringify(report, undefined, 2));
  return changed;
}
