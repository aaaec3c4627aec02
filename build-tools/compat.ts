// The `compat` task: compare the public API (the jsii assembly, .jsii) with the last released one,
// so that a breaking change (a removed or renamed prop, a narrowed type) fails CI unless the version
// says it is a major release. The last release is the newest git tag `v<major>.<minor>.<patch>`: its
// sources are compiled with jsii in a temporary folder (with this checkout's node_modules) and
// `jsii-diff` compares that assembly with ./.jsii (run `npx projen compile` first).
//
// Until a version is tagged, there is nothing to compare with: the task says so and succeeds.
// A deliberate break (e.g. before a major release) is listed in .compatignore by the keys jsii-diff
// prints (`--keys`), one per line.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const run = (cmd: string, args: string[], cwd = root) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** The newest release tag, by version (not by date), or undefined when there is none. */
function lastRelease(): string | undefined {
  const tags = run('git', ['tag', '--list', 'v*']).split('\n').filter((t) => RELEASE_TAG.test(t));
  const version = (t: string) => RELEASE_TAG.exec(t)!.slice(1).map(Number);
  tags.sort((a, b) => {
    const [x, y] = [version(a), version(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return tags.pop();
}

function main(): number {
  const tag = process.env.COMPAT_BASE ?? lastRelease();
  if (!tag) {
    console.log('compat: no release is tagged yet (git tag v<major>.<minor>.<patch>), so there is no released API to compare with; nothing to check.');
    return 0;
  }
  if (!fs.existsSync(path.join(root, '.jsii'))) {
    console.error('compat: ./.jsii is missing. Fix: run `npx projen compile` first.');
    return 1;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-compat-'));
  try {
    console.log(`compat: compiling the API of ${tag} (${run('git', ['rev-parse', '--short', `${tag}^{commit}`])}) in ${work}`);
    const archive = spawnSync('git', ['archive', '--format=tar', tag], { cwd: root, maxBuffer: 2 ** 30 });
    if (archive.status !== 0) throw new Error(`git archive ${tag} failed: ${archive.stderr}`);
    spawnSync('tar', ['-x', '-C', work], { input: archive.stdout });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const jsii = spawnSync(path.join(root, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], { cwd: work, stdio: 'inherit' });
    if (jsii.status !== 0) {
      console.error(`compat: ${tag} does not compile with this checkout's node_modules; compare by hand (jsii-diff <folder of ${tag}> .).`);
      return 1;
    }
    const ignore = path.join(root, '.compatignore');
    const args = [work, root, '--keys', ...(fs.existsSync(ignore) ? ['--ignore-file', ignore] : [])];
    console.log(`compat: jsii-diff ${tag} -> working tree`);
    const diff = spawnSync(path.join(root, 'node_modules', '.bin', 'jsii-diff'), args, { cwd: root, stdio: 'inherit' });
    if (diff.status !== 0) {
      console.error(`compat: the API breaks ${tag}'s users (above). Fix: keep the old name as a @deprecated alias, `
        + 'or, for a deliberate major release, add the keys above to .compatignore and bump the major version.');
    }
    return diff.status ?? 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
