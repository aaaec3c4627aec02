/* eslint-disable no-console */
/**
 * `npx projen smoke:python`: installs the Python package jsii-pacmak built (dist/python) with cdk8s and
 * cdk8s-plus-27 from PyPI into a fresh virtual environment, and runs test_python_package.py with
 * pytest against the YAML the TypeScript app writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { smokeApp } from './app';

const REPO = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', env });
  if (r.status !== 0) { throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`); }
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
  fs.rmSync(work, { recursive: true, force: true });
  console.log('python package: same YAML as TypeScript');
}

try {
  main();
} catch (e: any) {
  console.error(`python smoke test: ${e.message}`);
  process.exit(1);
}
