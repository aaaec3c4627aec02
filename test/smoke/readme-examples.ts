/**
 * The README's examples in every language (issue 24): jsii-rosetta translates each TypeScript block of
 * README.md (`npx projen rosetta`) into the Python, Java and Go package READMEs. The smoke tests run
 * each translated block and compare the YAML it writes with what the TypeScript block writes, byte
 * for byte: a translation that compiles but means something else fails too.
 *
 * A block is either a complete program (```ts nofixture) or a fragment that rosetta compiles inside
 * rosetta/default.ts-fixture (imports, `const app = new App()`, `const chart = new Chart(app, 'chart')`,
 * the block, `app.synth()`); each language's smoke test wraps a fragment the same way.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');

export interface ReadmeExample {
  /** 1-based position among the README's example blocks. */
  readonly index: number;
  /** A whole program, not a fragment for the fixture (`ts nofixture`; a translation: see the TypeScript block of the same index). */
  readonly complete: boolean;
  readonly source: string;
}

/** The fenced blocks of `lang` in a (package) README, in order. */
export function readmeExamples(markdown: string, lang: string): ReadmeExample[] {
  const out: ReadmeExample[] = [];
  for (const m of markdown.matchAll(new RegExp('^```' + lang + '( [^\\n]*)?\\n([\\s\\S]*?)^```', 'gm'))) {
    out.push({ index: out.length + 1, complete: (m[1] ?? '').includes('nofixture'), source: m[2] });
  }
  return out;
}

/** Where README.md's TypeScript examples are among all its fenced blocks (0-based), for a package README that keeps no language tags. */
export function typescriptBlockPositions(markdown: string): number[] {
  return [...markdown.matchAll(/^```(\S*)[^\n]*\n[\s\S]*?^```/gm)].flatMap((m, i) => (m[1] === 'ts' ? [i] : []));
}

/** The code blocks of a Javadoc comment (jsii-pacmak's Java README: package-info.java), unescaped, in order. */
export function javadocBlocks(javadoc: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' };
  return [...javadoc.matchAll(/<blockquote><pre>\n([\s\S]*?)\n \* <\/pre><\/blockquote>/g)].map(m => m[1]
    .split('\n').map(l => l.replace(/^ \* ?/, '')).join('\n')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => entities[e]) + '\n');
}

/** The files a run wrote under `dir`/dist, by name. */
export function distFiles(dir: string): Record<string, string> {
  const dist = path.join(dir, 'dist');
  const files: Record<string, string> = {};
  if (!fs.existsSync(dist)) { return files; }
  for (const f of fs.readdirSync(dist).sort()) { files[f] = fs.readFileSync(path.join(dist, f), 'utf8'); }
  return files;
}

/** The TypeScript fixture (rosetta/default.ts-fixture) around a fragment; imports of 'cdk8s-daemons' point at `library`. */
function typescriptProgram(example: ReadmeExample, library: string): string {
  const program = example.complete
    ? example.source
    : fs.readFileSync(path.join(REPO, 'rosetta', 'default.ts-fixture'), 'utf8').replace('/// here', example.source);
  return program.replace(/from 'cdk8s-daemons'/g, `from ${JSON.stringify(library)}`);
}

/**
 * What each TypeScript block of README.md writes (its dist/ folder), run with the compiled library (lib/)
 * and this repository's node_modules, in a fresh directory each.
 */
export function typescriptOutputs(work: string): Map<number, Record<string, string>> {
  const library = path.join(REPO, 'lib', 'index.js');
  if (!fs.existsSync(library)) { throw new Error('no lib/index.js: run npx projen compile first'); }
  const examples = readmeExamples(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), 'ts');
  const outputs = new Map<number, Record<string, string>>();
  for (const example of examples) {
    const dir = path.join(work, `ts-${example.index}`);
    fs.mkdirSync(dir, { recursive: true });
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 };
    const js = ts.transpileModule(typescriptProgram(example, library), { compilerOptions });
    fs.writeFileSync(path.join(dir, 'main.js'), js.outputText);
    const r = spawnSync(process.execPath, ['main.js'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
    });
    if (r.status !== 0) { throw new Error(`README.md TypeScript example ${example.index} failed:\n${r.stdout}${r.stderr}`); }
    const files = distFiles(dir);
    if (Object.keys(files).length === 0) { throw new Error(`README.md TypeScript example ${example.index} wrote nothing to dist/`); }
    outputs.set(example.index, files);
  }
  return outputs;
}

/** Compares what a translated block wrote with what its TypeScript block wrote; returns the problems. */
export function compareOutputs(lang: string, index: number, expected: Record<string, string>, actual: Record<string, string>): string[] {
  const problems: string[] = [];
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const name of names) {
    if (!(name in actual)) { problems.push(`${lang} example ${index}: wrote no dist/${name}`); continue; }
    if (!(name in expected)) { problems.push(`${lang} example ${index}: wrote dist/${name}, which TypeScript does not`); continue; }
    if (actual[name] !== expected[name]) {
      const a = actual[name].split('\n');
      const e = expected[name].split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      problems.push(`${lang} example ${index}: dist/${name} differs from TypeScript's at line ${line + 1}: ${JSON.stringify(a[line])} instead of ${JSON.stringify(e[line])}`);
    }
  }
  return problems;
}

/** A scratch directory. */
export function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-daemons-${name}-`));
}
