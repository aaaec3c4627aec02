// `npx projen mutation [area...]`: StrykerJS over the modules whose rules matter, one area at a time,
// each with an incremental file of its own (.stryker/<area>.json, committed): a later run re-tests only
// the mutants of code or tests that changed. Then the score of every area (build-tools/mutation-scores.ts).
// Areas run one after another; a whole first run takes hours on 2 cores (see CONTRIBUTING.md).
import { spawnSync } from 'child_process';
import * as path from 'path';

/** The areas, as globs of the files Stryker mutates. */
export const AREAS: { [area: string]: string[] } = {
  'rollout': ['src/rollout/**/*.ts'],
  'util': ['src/util/bounds.ts', 'src/util/quantity.ts'],
  'yaml': ['src/output/manifest-yaml.ts'],
  'presets': ['src/monitoring-daemon.ts', 'src/node-scoped-app.ts'],
  'scheduling': ['src/scheduling/**/*.ts'],
  'log-collector': ['src/log-collector/**/*.ts', '!src/**/*.generated.ts'],
  'pod': ['src/pod/**/*.ts'],
  'rules': ['src/rules/**/*.ts'],
};

const root = path.resolve(__dirname, '..');
const asked = process.argv.slice(2);
const unknown = asked.filter(a => !(a in AREAS));
if (unknown.length) {
  console.error(`unknown area ${unknown.join(', ')}: the areas are ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const area of asked.length ? asked : Object.keys(AREAS)) {
  console.log(`mutation: ${area} (${AREAS[area].join(', ')})`);
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), [
    'run', 'stryker.config.json', '--mutate', AREAS[area].join(','), '--incremental', '--incrementalFile', `.stryker/${area}.json`,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, CDK8S_DAEMONS_MUTATION: '1' } });
  failed ||= r.status !== 0;
}
spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--project', 'build-tools/tsconfig.json', 'build-tools/mutation-scores.ts'], { cwd: root, stdio: 'inherit' });
process.exitCode = failed ? 1 : 0;
