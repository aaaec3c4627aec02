/* eslint-disable no-console */
// Writes one table per preset into the user documentation (README.md and docs/*.md: prop, default,
// what it does and why), between the markers <!-- props-table:NAME --> and <!-- /props-table -->, read from the props interfaces' own
// members and their doc comments with the TypeScript compiler: the tables cannot drift from the API.
// The test test/readme-props.test.ts fails when a file is not what this script writes.
//
//   ts-node --project build-tools/tsconfig.json build-tools/props-tables.ts         (rewrite the files)
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The presets' props interfaces, each with the interface it extends (whose props the table points to). */
export const PRESET_PROPS = ['MonitoringDaemonProps', 'LogCollectorProps', 'NodeScopedAppProps'];

const root = path.resolve(__dirname, '..');
export const README = path.join(root, 'README.md');

/** The user documentation files, where the markers may be. */
export function docFiles(): string[] {
  const docs = path.join(root, 'docs');
  return [README, ...fs.readdirSync(docs).filter(f => f.endsWith('.md')).sort().map(f => path.join(docs, f))];
}

interface Row { readonly prop: string; readonly def: string; readonly what: string }

/** The rows of each preset's table: its own props (not the inherited NodeDaemonOptions), in source order. */
export function propsRows(): Map<string, Row[]> {
  const program = ts.createProgram([path.join(root, 'src', 'index.ts')], { strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const out = new Map<string, Row[]>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(path.join(root, 'src'))) { continue; }
    ts.forEachChild(file, node => {
      if (!ts.isInterfaceDeclaration(node) || !PRESET_PROPS.includes(node.name.text)) { return; }
      const rows: Row[] = [];
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.name || !ts.isIdentifier(member.name)) { continue; }
        const symbol = checker.getSymbolAtLocation(member.name);
        if (!symbol) { continue; }
        const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker));
        const def = symbol.getJsDocTags(checker).find(t => t.name === 'default');
        // jsii's '- text' defaults describe rather than give a value: the text alone reads better in a table
        const given = ts.displayPartsToString(def?.text).trim().replace(/^- /, '');
        rows.push({ prop: member.name.text, def: member.questionToken ? given : 'required', what: comment.split(/\n\s*\n/)[0] });
      }
      out.set(node.name.text, rows);
    });
  }
  const missing = PRESET_PROPS.filter(n => !out.has(n));
  if (missing.length) { throw new Error(`props-tables: no interface ${missing.join(', ')} in src/`); }
  return out;
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();

/** The markdown table of one preset. */
export function propsTable(rows: Row[]): string {
  return [
    '| prop | default | what it does, and why |',
    '| --- | --- | --- |',
    ...rows.map(r => `| \`${r.prop}\` | ${cell(r.def || '-')} | ${cell(r.what)} |`),
  ].join('\n');
}

/** The text of a documentation file with every props table in it rewritten. */
export function withTables(text: string, rows: Map<string, Row[]> = propsRows()): string {
  let out = text;
  for (const name of PRESET_PROPS) {
    const start = `<!-- props-table:${name} -->`;
    const i = out.indexOf(start);
    if (i < 0) { continue; }
    const j = out.indexOf('<!-- /props-table -->', i);
    if (j < 0) { throw new Error(`${start} has no <!-- /props-table --> after it`); }
    out = `${out.slice(0, i + start.length)}\n${propsTable(rows.get(name)!)}\n${out.slice(j)}`;
  }
  return out;
}

/** Which file holds each preset's table (every preset must have exactly one). */
export function tableFiles(): Map<string, string[]> {
  const found = new Map<string, string[]>(PRESET_PROPS.map(n => [n, []]));
  for (const f of docFiles()) {
    const text = fs.readFileSync(f, 'utf8');
    for (const name of PRESET_PROPS) { if (text.includes(`<!-- props-table:${name} -->`)) { found.get(name)!.push(f); } }
  }
  return found;
}

if (require.main === module) {
  const rows = propsRows();
  for (const f of docFiles()) { fs.writeFileSync(f, withTables(fs.readFileSync(f, 'utf8'), rows)); }
  console.log(`props tables of ${PRESET_PROPS.join(', ')} rewritten in ${docFiles().map(f => path.relative(root, f)).join(', ')}`);
}
