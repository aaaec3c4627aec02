/* eslint-disable no-console */
/**
 * `npx projen smoke:python`: installs the Python package jsii-pacmak built (dist/python) with cdk8s and
 * cdk8s-plus-27 from PyPI into a fresh virtual environment, and runs test_python_package.py with
 * pytest against the YAML the TypeScript app writes. Then every Python example of the package's README
 * (jsii-rosetta's translation of README.md's TypeScript) runs and must write the YAML its TypeScript
 * block writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { smokeApp } from './app';
import { compareOutputs, distFiles, readmeExamples, typescriptOutputs } from './readme-examples';

const REPO = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', env });
  if (r.status !== 0) { throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`); }
}

/** rosetta/default.ts-fixture in Python: what a README fragment assumes. */
const PYTHON_FIXTURE = [
  'from cdk8s import App, Chart',
  'import cdk8s_plus_27 as kplus',
  'from cdk8s_daemons import DaemonNamespace, LogCollector, LogOutput, LogSecret, MonitoringDaemon, NodeScopedApp, UpdateStrategy',
  '',
  'app = App()',
  'chart = Chart(app, "chart")',
  '/// here',
  'app.synth()',
  '',
].join('\n');

/** Runs every Python example of the installed package's README; each must write what its TypeScript block writes. */
function readmeExamplesInPython(work: string, python: string): void {
  const readme = spawnSync(python, ['-c', 'import importlib.metadata as m; print(m.metadata("cdk8s-daemons").get_payload())'], { encoding: 'utf8' });
  if (readme.status !== 0) { throw new Error(`reading the package README failed: ${readme.stderr}`); }
  const typescript = readmeExamples(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), 'ts');
  const examples = readmeExamples(readme.stdout, 'python');
  if (examples.length !== typescript.length) {
    throw new Error(`the Python README has ${examples.length} Python examples, README.md ${typescript.length} TypeScript ones: is every block translated (npx projen rosetta)?`);
  }
  const expected = typescriptOutputs(path.join(work, 'readme-ts'));
  const problems: string[] = [];
  for (const example of examples) {
    const dir = path.join(work, `readme-python-${example.index}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'main.py'), typescript[example.index - 1].complete ? example.source : PYTHON_FIXTURE.replace('/// here', example.source));
    const r = spawnSync(python, ['main.py'], { cwd: dir, encoding: 'utf8', env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' } });
    if (r.status !== 0) { problems.push(`Python example ${example.index} failed:\n${example.source}\n${r.stderr}`); continue; }
    problems.push(...compareOutputs('Python', example.index, expected.get(example.index)!, distFiles(dir)));
  }
  if (problems.length > 0) { throw new Error(problems.join('\n')); }
  console.log(`python package README: ${examples.length} examples run and write the same YAML as README.md's TypeScript`);
}

function main(): void {
  const wheels = fs.existsSync(path.join(REPO, 'dist', 'python')) ? fs.readdirSync(path.join(REPO, 'dist', 'python')).filter(f => f.endsWith('.whl')) : [];
  if (wheels.length !== 1) { throw new Error('no wheel in dist/python: run npx projen package:python first'); }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-python-'));
  const expected = path.join(work, 'expected.yaml');
  fs.writeFileSync(expected, smokeApp().synthYaml());
  const venv = path.join(work, 'venv');
  run('python3', ['-m', 'venv', venv]);
  const bin = (name: string) => path.join(venv, 'bin', name);
  // The lowest versions the package allows, as the TypeScript tests use.
  run(bin('pip'), ['install', '--quiet', path.join('dist', 'python', wheels[0]), 'cdk8s==2.70.0', 'cdk8s-plus-27==2.9.5', 'pytest']);
  run(bin('python'), ['-m', 'pytest', '-q', path.join('test', 'smoke', 'test_python_package.py')], { ...process.env, EXPECTED_YAML: expected });
  readmeExamplesInPython(work, bin('python'));
  fs.rmSync(work, { recursive: true, force: true });
  console.log('python package: same YAML as TypeScript');
}

try {
  main();
} catch (e: any) {
  console.error(`python smoke test: ${e.message}`);
  process.exit(1);
}
