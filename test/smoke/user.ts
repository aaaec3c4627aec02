/* eslint-disable no-console */
/**
 * `npx projen smoke:user`: the README's quick start, as a user runs it, end to end: a fresh directory,
 * `npm init`, the dependencies the README names and the package packed by jsii-pacmak (dist/js, the
 * tarball the README says to install until the package is published), the README's own
 * `tsconfig.json` and `main.ts` (read from the README, so they cannot differ), then `ts-node main.ts`, `cdk8s-daemons check dist/`
 * (0 errors, exit 0) and `cdk8s-daemons preview dist/`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');

/** The first block of `lang` in the README's "Quick start" section. */
export function quickStartBlock(readme: string, lang: 'ts' | 'json'): string {
  const section = readme.slice(readme.indexOf('\n## Quick start\n'));
  const m = new RegExp('```' + lang + '(?: [^\\n]*)?\\n([\\s\\S]*?)```').exec(section.slice(0, section.indexOf('\n## ', 5)));
  if (!m) { throw new Error(`README.md: no ${lang} block in "## Quick start"`); }
  return m[1];
}

/** The packages of the README's quick start `npm install` line (the one that does not install cdk8s-daemons itself). */
export function quickStartInstall(readme: string): string[] {
  const section = readme.slice(readme.indexOf('\n## Quick start\n'));
  const line = section.split('\n').find(l => l.startsWith('npm install ') && !l.includes('cdk8s-daemons'));
  if (!line) { throw new Error('README.md: no npm install line in "## Quick start"'); }
  return line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
}

function run(cwd: string, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) { throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`); }
  return r.stdout;
}

function main(): void {
  const js = path.join(REPO, 'dist', 'js');
  const tarballs = fs.existsSync(js) ? fs.readdirSync(js).filter(f => f.endsWith('.tgz')) : [];
  if (tarballs.length !== 1) { throw new Error('no tarball in dist/js: run npx projen package:js first'); }
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-user-'));
  const started = Date.now();
  try {
    run(work, 'npm', ['init', '-y']);
    // the README's install line (read from it), then the packed package in place of the registry's
    run(work, 'npm', ['install', '--no-audit', '--no-fund', ...quickStartInstall(readme)]);
    run(work, 'npm', ['install', '--no-audit', '--no-fund', path.join(js, tarballs[0])]);
    fs.writeFileSync(path.join(work, 'tsconfig.json'), quickStartBlock(readme, 'json'));
    fs.writeFileSync(path.join(work, 'main.ts'), quickStartBlock(readme, 'ts'));
    run(work, 'npx', ['ts-node', 'main.ts']);
    const written = fs.readdirSync(path.join(work, 'dist'));
    if (!written.includes('node-agents.k8s.yaml')) { throw new Error(`main.ts wrote ${written.join(', ') || 'nothing'}, not dist/node-agents.k8s.yaml`); }
    const check = run(work, 'npx', ['cdk8s-daemons', 'check', 'dist/']);
    if (!/^0 errors/m.test(check)) { throw new Error(`check found errors:\n${check}`); }
    const preview = run(work, 'npx', ['cdk8s-daemons', 'preview', 'dist/']);
    for (const name of ['node-exporter', 'fluent-bit']) {
      if (!preview.includes(name)) { throw new Error(`preview does not show ${name}:\n${preview}`); }
    }
    console.log(`user quick start: installed ${tarballs[0]}, synthesized, check and preview passed, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e: any) {
    console.error(`user quick start: ${e.message}`);
    process.exit(1);
  }
}
