/* eslint-disable no-console */
// Writes one table per preset into README.md (prop, default, what it does and why), between the
// markers <!-- props-table:NAME --> and <!-- /props-table -->, read from the props interfaces' own
// members and their doc comments with the TypeScript compiler: the tables cannot drift from the API.
// The test test/readme-props.test.ts fails when the README is not what this script writes.
//
//   ts-node --project build-tools/tsconfig.json build-tools/props-tables.ts         (rewrite README.md)
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The presets' props interfaces, each with the interface it extends (whose props the table points to). */
export const PRESET_PROPS = ['MonitoringDaemonProps', 'LogCollectorProps', 'NodeScopedAppProps'];

const root = path.resolve(__dirname, '..');
export const README = path.join(root, 'README.md');

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

/** README.md with every props table rewritten. */
export function readmeWithTables(readme: string): string {
  const rows = propsRows();
  let text = readme;
  for (const name of PRESET_PROPS) {
    const start = `<!-- props-table:${name} -->`;
    const i = text.indexOf(start);
    const j = text.indexOf('<!-- /props-table -->', i);
    if (i < 0 || j < 0) { throw new Error(`README.md has no ${start} ... <!-- /props-table --> block`); }
    text = `${text.slice(0, i + start.length)}\n${propsTable(rows.get(name)!)}\n${text.slice(j)}`;
  }
  return text;
}

if (require.main === module) {
  fs.writeFileSync(README, readmeWithTables(fs.readFileSync(README, 'utf8')));
  console.log(`README.md: props tables of ${PRESET_PROPS.join(', ')} rewritten`);
}
