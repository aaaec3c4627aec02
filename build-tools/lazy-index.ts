/* eslint-disable no-console */
// Makes lib/index.js load each module on first use of one of its exports, as aws-cdk-lib's "lazify"
// does: an app that uses MonitoringDaemon never compiles the log collector, the placement preview or
// the YAML writer. Runs after jsii (the compile task); jsii's assembly and the .d.ts files are untouched.
//
// TypeScript emits `export { A } from './x'` as
//   var x_1 = require("./x");
//   Object.defineProperty(exports, "A", { enumerable: true, get: function () { return x_1.A; } });
// and this rewrites the pair to
//   Object.defineProperty(exports, "A", { enumerable: true, get: function () { return require("./x").A; } });
// Any other line in the file (beside the header, comments and the source map) stops the build, so a
// change in what TypeScript emits cannot slip through. Then it loads the rewritten index in a fresh
// process and checks that every type of the jsii assembly is exported and defined.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'lib', 'index.js');
const source = fs.readFileSync(file, 'utf8');

const REQUIRE = /^var (\w+) = require\("(\.[^"]+)"\);$/;
const EXPORT = /^Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);$/;
const KEEP = [/^"use strict";$/, /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/, /^exports\.\w+ = [\w.= ]*void 0;$/, /^\/\/ /, /^\/\/# sourceMappingURL=/, /^$/];

const modules = new Map<string, string>();
let rewritten = 0;
const out = source.split('\n').flatMap((line, i) => {
  const req = REQUIRE.exec(line);
  if (req) {
    modules.set(req[1], req[2]);
    return [];
  }
  const exp = EXPORT.exec(line);
  if (exp) {
    const module = modules.get(exp[2]);
    if (!module) { throw new Error(`${file}:${i + 1}: ${exp[2]} is not a module required above`); }
    rewritten++;
    return [`Object.defineProperty(exports, "${exp[1]}", { enumerable: true, get: function () { return require("${module}").${exp[3]}; } });`];
  }
  if (line.includes('require("') && line.includes('get: function () { return require(')) {
    throw new Error(`${file} was already rewritten: run the compile task (jsii) first`);
  }
  if (!KEEP.some(k => k.test(line))) {
    throw new Error(`${file}:${i + 1}: unexpected line (has TypeScript's output changed?): ${line}`);
  }
  return [line];
});
fs.writeFileSync(file, out.join('\n'));

// Every type of the assembly must be an export of the rewritten index, and load.
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
const names = Object.values<any>(assembly.types)
  .filter(t => t.kind === 'class' || t.kind === 'enum')
  .map(t => t.name as string);
const check = spawnSync(process.execPath, ['-e', `
  const lib = require(${JSON.stringify(file)});
  const missing = ${JSON.stringify(names)}.filter(n => lib[n] === undefined);
  if (missing.length) { console.error('not exported: ' + missing.join(', ')); process.exit(1); }
`], { encoding: 'utf8' });
if (check.status !== 0) {
  throw new Error(`lib/index.js after the rewrite: ${check.stderr}`);
}
console.log(`lib/index.js: ${rewritten} exports of ${modules.size} modules now load on first use (${names.length} classes and enums checked)`);
