/**
 * Issue 24: every TypeScript block in the README and docs/ compiles against the library as it is, so
 * a renamed prop or class breaks a test, not a reader. A block may be a fragment: names it uses
 * without importing (the library's exports, cdk8s's, `kplus`) are imported for it, and the variables
 * the prose has introduced (`chart`, `ns`, `app`...) are declared with their types.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const FILES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).sort().map(f => `docs/${f}`)];

/** Variables the prose introduces before a fragment uses them, with their types. */
const CONTEXT: { [name: string]: string } = {
  app: 'App',
  chart: 'Chart',
  ns: 'DaemonNamespace',
  monitoring: 'DaemonNamespace',
  logging: 'DaemonNamespace',
  daemon: 'NodeDaemon',
  agent: 'NodeDaemon',
  cluster: 'ClusterInventory',
  podSpec: 'any',
  nodeJson: 'any',
  manifests: 'any',
  secret: 'kplus.ISecret',
  collector: 'LogCollector',
  image: 'string',
  web: 'NodeDaemon',
  // daemons used as pod selectors (a NodeDaemon is a kplus.IPodSelector)
  exporter: 'NodeDaemon',
  prometheus: 'NodeDaemon',
};

function exportsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(m => m[1].split(',')).map(n => n.replace(/\btype\b/, '').trim().split(/\s+as\s+/).pop()!).filter(n => /^[A-Za-z_]\w*$/.test(n));
}

const LIBRARY = exportsOf(path.join(ROOT, 'src', 'index.ts'));
const CDK8S = ['App', 'Chart', 'ApiObject', 'JsonPatch', 'Testing', 'Duration', 'Size', 'Lazy', 'Yaml', 'Include', 'Helm'];

interface Snippet { readonly where: string; readonly source: string }

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  for (const file of FILES) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/```ts(?: [^\n]*)?\n([\s\S]*?)```/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      out.push({ where: `${file}:${line}`, source: m[1] });
    }
  }
  return out;
}

/** The block as a module that compiles on its own: its imports (pointed at src/), the imports it lacks, the context it assumes. */
function moduleOf(source: string): string {
  const lib = path.join(ROOT, 'src');
  const body = source.replace(/from 'cdk8s-daemons'/g, `from '${lib}'`);
  const declared = new Set([...body.matchAll(/\b(?:const|let|var|class|function|import)\s+(?:\{([^}]*)\}|\*\s+as\s+(\w+)|(\w+))/g)]
    .flatMap(m => (m[1] ? m[1].split(',').map(n => n.trim().split(/\s+as\s+/).pop()!) : [m[2] ?? m[3]])));
  const uses = (name: string) => new RegExp(`(^|[^.\\w'])${name}\\b`).test(body.replace(/^import .*$/gm, '').replace(/\/\/.*$/gm, ''));
  const needed = (names: string[]) => names.filter(n => !declared.has(n) && uses(n));
  const header = [
    ...(needed(LIBRARY).length ? [`import { ${needed(LIBRARY).join(', ')} } from '${lib}';`] : []),
    ...(needed(CDK8S).length ? [`import { ${needed(CDK8S).join(', ')} } from 'cdk8s';`] : []),
    ...(!declared.has('kplus') && uses('kplus') ? ['import * as kplus from \'cdk8s-plus-27\';'] : []),
    ...(!declared.has('Construct') && uses('Construct') ? ['import { Construct } from \'constructs\';'] : []),
  ];
  const context = Object.entries(CONTEXT).filter(([n]) => !declared.has(n) && uses(n));
  const contextTypes = context.map(([, t]) => t.replace(/^kplus\./, '')).filter(t => t !== 'any');
  for (const t of contextTypes) {
    if (LIBRARY.includes(t) && !declared.has(t) && !header.join('\n').includes(` ${t},`) && !needed(LIBRARY).includes(t)) { header.push(`import { ${t} } from '${lib}';`); }
    if (CDK8S.includes(t) && !declared.has(t) && !needed(CDK8S).includes(t)) { header.push(`import { ${t} } from 'cdk8s';`); }
  }
  if (context.some(([, t]) => t.startsWith('kplus.')) && !declared.has('kplus') && !uses('kplus')) { header.push('import * as kplus from \'cdk8s-plus-27\';'); }
  const imports = body.split('\n').filter(l => l.startsWith('import ')).join('\n');
  const rest = body.split('\n').filter(l => !l.startsWith('import ')).join('\n');
  const declarations = context.map(([n, t]) => (t === 'string' ? `declare const ${n}: string;` : `declare const ${n}: ${t};`));
  return `${imports}\n${[...new Set(header)].join('\n')}\n${declarations.join('\n')}\nexport {};\n${rest}\n`;
}

describe('TypeScript in the README and docs/', () => {
  test('every block compiles against the library', () => {
    const all = snippets();
    expect(all.length).toBeGreaterThan(15);
    const dir = fs.mkdtempSync(path.join(ROOT, '.snippets-'));
    try {
      const files = all.map((s, i) => {
        const f = path.join(dir, `snippet${i}.ts`);
        fs.writeFileSync(f, moduleOf(s.source));
        return f;
      });
      const options = {
        strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS,
      };
      const program = ts.createProgram(files, options);
      const problems = ts.getPreEmitDiagnostics(program).filter(d => d.file && files.includes(d.file.fileName)).map(d => {
        const i = files.indexOf(d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${all[i].where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (in: ${d.file!.text.split('\n')[line].trim()})`;
      });
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
