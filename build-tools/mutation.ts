// `npx projen mutation [area...]`: StrykerJS over the modules whose rules matter, one area at a time,
// each with an incremental file of its own (.stryker/<area>.json, committed): a later run re-tests only
// the mutants of code or tests that changed. Then the score of every area (build-tools/mutation-scores.ts).
// Areas run one after another; a whole first run takes hours on 2 cores (see CONTRIBUTING.md).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recheckStaticSurvivors } from './static-mutants';

/** The areas, as globs of the files Stryker mutates. */
export const AREAS: { [area: string]: string[] } = {
  'rollout': ['src/rollout/**/*.ts'],
  'util': ['src/util/bounds.ts', 'src/util/quantity.ts'],
  'yaml': ['src/output/manifest-yaml.ts'],
  'presets': ['src/monitoring-daemon.ts', 'src/node-scoped-app.ts'],
  'scheduling': ['src/scheduling/**/*.ts'],
  // src/log-collector in four parts, as src/pod and src/rules below (a whole run of its 1,754 mutants
  // took over two hours here and was stopped).
  'log-collector-outputs': ['src/log-collector/log-output.ts'],
  // the engines in two parts: together they have 1,000 mutants (over two hours here)
  'log-collector-fluent-bit': ['src/log-collector/fluent-bit.ts', 'src/log-collector/log-engine.ts'],
  'log-collector-fluentd-otel': ['src/log-collector/fluentd.ts', 'src/log-collector/otel-collector.ts'],
  'log-collector-core': ['src/log-collector/log-collector.ts', 'src/log-collector/log-config.ts', 'src/log-collector/log-parser.ts'],
  // src/pod and src/rules in parts of 450 to 750 lines: a run that is stopped keeps nothing (Stryker
  // writes the incremental file at the end), and each part fits in one sitting (about an hour).
  'pod-security': ['src/pod/pod-security.ts', 'src/pod/apparmor.ts'],
  'pod-template': ['src/pod/pod-template.ts', 'src/pod/config-checksum.ts'],
  'pod-containers': ['src/pod/container-model.ts', 'src/pod/container.ts', 'src/pod/daemon-container.ts', 'src/pod/probe.ts'],
  'pod-volumes-resources': ['src/pod/volumes.ts', 'src/pod/pod-options.ts', 'src/pod/scheduling-model.ts', 'src/pod/resource-rules.ts', 'src/pod/resources.ts'],
  'rules-placement': ['src/rules/placement.ts'],
  // check.ts had 1,260 mutants with format.ts and manifests.ts (over two hours): its API server rules are
  // an area of their own
  'rules-check': ['src/rules/check.ts', 'src/rules/format.ts', 'src/rules/manifests.ts'],
  'rules-api': ['src/rules/api-rules.ts'],
  'rules-scheduler': ['src/rules/scheduler-fit.ts', 'src/rules/cluster-inventory.ts'],
  'rules-host-rollout': ['src/rules/host-clashes.ts', 'src/rules/host-path-sharing.ts', 'src/rules/platform-rules.ts', 'src/rules/rollout-rules.ts', 'src/rules/selector-overlaps.ts'],
};

/**
 * Areas whose Stryker run uses only their own tests, as jest `testMatch` globs. Their code runs in
 * nearly every test (every synth checks Pod Security; every `check` runs the placement and check
 * rules), so a run over all covering tests took 20 to 25 s per mutant here (about 5 mutants a minute,
 * 2 to 3 hours per area). With the area's own tests the run is much shorter; then every mutant those
 * tests left undetected is written into the source and run against every test related to its file
 * (build-tools/static-mutants.ts), so the recorded result is the whole suite's.
 */
export const FOCUSED_TESTS: { [area: string]: string[] } = {
  'pod-security': ['<rootDir>/test/pod/**/*.test.ts', '<rootDir>/test/boundaries.test.ts'],
  'rules-placement': ['<rootDir>/test/rules/**/*.test.ts', '<rootDir>/test/boundaries.test.ts'],
  'rules-check': ['<rootDir>/test/rules/**/*.test.ts', '<rootDir>/test/boundaries.test.ts'],
};

const root = path.resolve(__dirname, '..');
// --recheck-only: no Stryker run, only the re-test of the static survivors already in the reports
const recheckOnly = process.argv.includes('--recheck-only');
// --no-recheck: Stryker only; a focused area's score is then a lower bound (its undetected mutants are
// not yet run against the rest of the suite; `--recheck-only <area>` does that later)
const noRecheck = process.argv.includes('--no-recheck');
const asked = process.argv.slice(2).filter(a => a !== '--recheck-only' && a !== '--no-recheck');
const unknown = asked.filter(a => !(a in AREAS));
if (unknown.length) {
  console.error(`unknown area ${unknown.join(', ')}: the areas are ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
/**
 * Drops from an area's incremental file the results Stryker would reuse wrongly: those of static
 * mutants (code run while a module loads) that survived or had no coverage. Their recorded coverage
 * is one or two tests, not the tests that load the module, so a new test that kills them does not
 * count as a change and the old result is reused (2026-12-02: 14 such util survivors, 13 of them
 * killed when applied by hand). Without a result, Stryker decides them afresh: ignored when purely
 * static (ignoreStatic), run against every test otherwise.
 */
function dropStaleStaticResults(file: string): void {
  if (!fs.existsSync(file)) { return; }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  let dropped = 0;
  for (const result of Object.values<any>(report.files ?? {})) {
    const kept = result.mutants.filter((m: any) => !(m.static && (m.status === 'Survived' || m.status === 'NoCoverage')));
    dropped += result.mutants.length - kept.length;
    result.mutants = kept;
  }
  if (dropped) {
    fs.writeFileSync(file, JSON.stringify(report, undefined, 2));
    console.log(`mutation: ${dropped} result(s) of static mutants that survived dropped from ${path.relative(root, file)}; Stryker decides them afresh`);
  }
}

/** The Stryker configuration file of an area: the project's, or for a focused area a copy limited to its tests. */
function strykerConfig(area: string): string {
  const tests = FOCUSED_TESTS[area];
  if (!tests) { return 'stryker.config.json'; }
  const config = JSON.parse(fs.readFileSync(path.join(root, 'stryker.config.json'), 'utf8'));
  config.jest = { ...config.jest, config: { testMatch: tests } };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-stryker-')), `stryker.${area}.config.json`);
  fs.writeFileSync(file, JSON.stringify(config, undefined, 2));
  return file;
}

let failed = false;
for (const area of asked.length ? asked : Object.keys(AREAS)) {
  console.log(`mutation: ${area} (${AREAS[area].join(', ')})`);
  const reportFile = path.join(root, '.stryker', `${area}.json`);
  if (!recheckOnly) {
    dropStaleStaticResults(reportFile);
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), [
      'run', strykerConfig(area), '--mutate', AREAS[area].join(','), '--incremental', '--incrementalFile', `.stryker/${area}.json`,
    ], { cwd: root, stdio: 'inherit', env: { ...process.env, CDK8S_DAEMONS_MUTATION: '1' } });
    failed ||= r.status !== 0;
    if (r.status !== 0) { continue; }
  }
  if (!noRecheck) { recheckStaticSurvivors(root, reportFile, { everyUndetected: area in FOCUSED_TESTS }); }
}
spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--project', 'build-tools/tsconfig.json', 'build-tools/mutation-scores.ts'], { cwd: root, stdio: 'inherit' });
process.exitCode = failed ? 1 : 0;
