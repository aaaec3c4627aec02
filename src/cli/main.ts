#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { CHECK_RULES, checkManifests, CheckFinding, SourcedManifest } from '../rules/check';
import { ClusterInventory } from '../rules/cluster-inventory';
import { formatDrain, formatPlacement } from '../rules/format';
import { loadManifests, parseText } from '../rules/manifests';
import { Placement } from '../rules/placement';

const USAGE = `Usage:
  cdk8s-daemons preview [FILES or DIRS...] [--nodes FILE [--pods FILE]] [--priority-classes FILE] [--output table|json]
  cdk8s-daemons drain NODE [FILES or DIRS...] [--nodes FILE [--pods FILE]] [--output table|json]
  cdk8s-daemons check [FILES or DIRS...] [--nodes FILE [--pods FILE] [--require-placement]] [--priority-classes FILE] [--ignore RULE[,RULE...]] [--output table|json|sarif]

check is a deploy gate: one line per finding (file, object, field, fix); it exits 1 when there is an
error (a rollout that can never finish, a pod the API server or the namespace's Pod Security level
refuses, a host port or path shared on the same nodes, variants that leave nodes of --nodes
uncovered), 2 when the input holds no manifest at all, 0 otherwise. A DaemonSet that runs on no node
is a warning (node pools that scale from zero, nodes labelled later); --require-placement makes it
an error. Without --nodes, placement is judged on the sample cluster and never fails the gate.
A daemon pod the scheduler could not bind (not enough free cpu, memory or
pods, a host port held) is an error when --nodes and --pods give the real cluster, a warning otherwise.
Each finding names its rule ([rule-id]); --ignore drops rules for the whole run, and the annotation
cdk8s-daemons.io/ignore-check: rule-a,rule-b drops them for one object. --output sarif writes SARIF
2.1.0 for code-scanning tools.

Reads multi-document YAML or JSON (cdk8s output, helm template, hand-written), ignores what is not
a DaemonSet (drain also looks at other workloads), and answers on the nodes of --nodes (the output
of 'kubectl get nodes -o json') or, without it, on an embedded sample kind cluster
(kind-control-plane, kind-worker, kind-worker2, kind-worker3, with a few running pods). --pods gives
what runs on the nodes ('kubectl get pods -A -o json'; drain then says where the pods it evicts can go), --priority-classes the cluster's
PriorityClasses ('kubectl get priorityclasses -o json'; those in the input count too). With no FILES
it reads standard input.`;

/** Where the CLI writes and reads; replaced in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

class UsageError extends Error {}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  try {
    const args = parseArgs(argv);
    if (args.help) { io.stdout(`${USAGE}\n`); return 0; }
    let cluster = args.nodes ? readNodes(args.nodes) : ClusterInventory.sample();
    if (args.pods) { cluster = readInto(args.pods, doc => cluster.withPods(doc)); }
    if (args.priorityClasses) { cluster = readInto(args.priorityClasses, doc => cluster.withPriorityClasses(doc)); }
    const sourced: SourcedManifest[] = args.files.length
      ? expandFiles(args.files).flatMap(f => loadManifests(parseText(readFile(f), f), f).map(object => ({ file: f, object })))
      : loadManifests(parseText(io.readStdin(), '<stdin>'), '<stdin>').map(object => ({ file: '<stdin>', object }));
    const manifests = sourced.map(m => m.object);
    if (args.command === 'check') {
      if (!sourced.length) {
        throw new UsageError(`no manifests in ${args.files.length ? args.files.join(', ') : 'standard input'}: a gate that sees nothing cannot pass (check the path, or the step that writes the YAML)`);
      }
      const options = { sampleCluster: !args.nodes, requirePlacement: args.requirePlacement, runningPods: args.pods !== undefined };
      const findings = checkManifests(sourced, cluster, options)
        .filter(f => !args.ignore.includes(f.rule));
      io.stdout(args.output === 'json' ? `${JSON.stringify({ findings }, undefined, 2)}\n`
        : args.output === 'sarif' ? `${JSON.stringify(sarif(findings), undefined, 2)}\n` : formatFindings(findings));
      return findings.some(f => f.severity === 'error') ? 1 : 0;
    }
    if (args.command === 'preview') {
      const report = Placement.preview(manifests, cluster);
      io.stdout(args.output === 'json' ? `${JSON.stringify(report, undefined, 2)}\n` : formatPlacement(report));
      if (!report.daemonSets.length) { io.stderr('cdk8s-daemons: no DaemonSet in the input\n'); }
    } else {
      const report = Placement.drain(manifests, args.node!, cluster);
      io.stdout(args.output === 'json' ? `${JSON.stringify(report, undefined, 2)}\n` : formatDrain(report));
    }
    return 0;
  } catch (e: any) {
    io.stderr(`cdk8s-daemons: ${e.message}\n`);
    if (e instanceof UsageError) { io.stderr(`\n${USAGE}\n`); }
    return e instanceof UsageError ? 2 : 1;
  }
}

interface Args {
  readonly command: 'preview' | 'drain' | 'check';
  readonly node?: string;
  readonly files: string[];
  readonly nodes?: string;
  readonly pods?: string;
  readonly priorityClasses?: string;
  readonly output: 'table' | 'json' | 'sarif';
  readonly help: boolean;
  readonly requirePlacement?: boolean;
  readonly ignore: string[];
}

function parseArgs(argv: string[]): Args {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    return { command: 'preview', files: [], output: 'table', help: true, ignore: [] };
  }
  const [command, ...rest] = argv;
  if (command !== 'preview' && command !== 'drain' && command !== 'check') {
    throw new UsageError(`unknown command '${command}': use preview, drain or check`);
  }
  const files: string[] = [];
  let nodes: string | undefined;
  let pods: string | undefined;
  let priorityClasses: string | undefined;
  let output: 'table' | 'json' | 'sarif' = 'table';
  const ignore: string[] = [];
  let help = false;
  let requirePlacement = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (flag: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (v === undefined || v === '') { throw new UsageError(`${flag} needs a value`); }
      return v;
    };
    if (a === '--nodes' || a.startsWith('--nodes=')) {
      nodes = value('--nodes');
    } else if (a === '--pods' || a.startsWith('--pods=')) {
      pods = value('--pods');
    } else if ((a === '--priority-classes' || a.startsWith('--priority-classes=')) && command !== 'drain') {
      priorityClasses = value('--priority-classes');
    } else if (a === '--output' || a === '-o' || a.startsWith('--output=') || a.startsWith('-o')) {
      const v = a.startsWith('-o') && a !== '-o' && !a.startsWith('-o=') ? a.slice(2) : value('--output');
      if (v !== 'table' && v !== 'json' && !(v === 'sarif' && command === 'check')) {
        throw new UsageError(`--output must be table or json${command === 'check' ? ' or sarif' : ''}, not '${v}'`);
      }
      output = v;
    } else if ((a === '--ignore' || a.startsWith('--ignore=')) && command === 'check') {
      for (const rule of value('--ignore').split(',').map(r => r.trim()).filter(r => r)) {
        if (!Object.prototype.hasOwnProperty.call(CHECK_RULES, rule)) {
          throw new UsageError(`--ignore: no rule '${rule}' (rules: ${Object.keys(CHECK_RULES).join(', ')})`);
        }
        ignore.push(rule);
      }
    } else if (a === '--require-placement' && command === 'check') {
      requirePlacement = true;
    } else if (a === '--help' || a === '-h') {
      help = true;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}'`);
    } else {
      files.push(a);
    }
  }
  if (pods && !nodes) {
    throw new UsageError('--pods needs --nodes: the pods run on the nodes of your cluster, not on the sample\'s');
  }
  if (command === 'drain') {
    const node = files.shift();
    if (!node && !help) { throw new UsageError('drain needs a NODE'); }
    return { command, node, files, nodes, pods, priorityClasses, output, help, ignore };
  }
  if (requirePlacement && !nodes) {
    throw new UsageError('--require-placement needs --nodes: on the sample cluster, placement says nothing about yours');
  }
  return { command, files, nodes, pods, priorityClasses, output, help, requirePlacement, ignore };
}

/** One line per finding, errors first, then a count. */
function formatFindings(findings: CheckFinding[]): string {
  const sorted = [...findings.filter(f => f.severity === 'error'), ...findings.filter(f => f.severity === 'warning')];
  const lines = sorted.map(f => `${f.severity}: ${f.file}: ${f.object}: ${f.field}: ${f.problem}. Fix: ${f.fix} [${f.rule}]`);
  const errors = findings.filter(f => f.severity === 'error').length;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** The findings as a SARIF 2.1.0 log: one run, the rules, one result per finding with its file and object. */
function sarif(findings: CheckFinding[]): any {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-daemons',
          informationUri: 'https://github.com/maintainers/main',
          rules: Object.entries(CHECK_RULES).map(([id, text]) => ({ id, shortDescription: { text } })),
        },
      },
      results: findings.map(f => ({
        ruleId: f.rule,
        level: f.severity,
        message: { text: `${f.object}: ${f.field}: ${f.problem}. Fix: ${f.fix}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: f.file } },
          logicalLocations: [{ fullyQualifiedName: `${f.object}/${f.field}`, kind: 'object' }],
        }],
      })),
    }],
  };
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new Error(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message}`);
  }
}

/** Files as given; directories expand to their .yaml, .yml and .json files, recursively, sorted. */
function expandFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new Error(`cannot read ${p}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const found = walk(p).filter(f => /\.(ya?ml|json)$/i.test(f));
      if (!found.length) { throw new UsageError(`${p}: no .yaml, .yml or .json files in this directory`); }
      out.push(...found);
    } else {
      out.push(p);
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    // Byte order, as kubectl apply -f walks a directory (filepath.Walk); localeCompare would depend on the locale.
    .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
    .flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The inventory `read` makes of the one document in `file` (JSON parsed as JSON: a cluster's pods are large); errors name the file. */
function readInto(file: string, read: (document: any) => ClusterInventory): ClusterInventory {
  const docs = parseText(readFile(file), file);
  try {
    if (docs.length !== 1) { throw new Error(`expected one document, found ${docs.length}`); }
    return read(docs[0]);
  } catch (e: any) {
    throw new Error(`${file}: ${e.message}`);
  }
}

function readNodes(file: string): ClusterInventory {
  const docs = parseText(readFile(file), file);
  if (docs.length !== 1) {
    throw new Error(`${file}: not a node list: expected one document (the output of 'kubectl get nodes -o json'), found ${docs.length}`);
  }
  try {
    return ClusterInventory.fromNodeList(docs[0]);
  } catch (e: any) {
    throw new Error(`${file}: ${e.message}`);
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: t => process.stdout.write(t),
    stderr: t => process.stderr.write(t),
    readStdin: () => fs.readFileSync(0, 'utf8'),
  });
}
