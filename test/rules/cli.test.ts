import * as child_process from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

/** A DaemonSet as YAML text (hand-written style). */
function daemonYaml(name: string, extra: string[] = [], namespace?: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    `      containers: [{name: ${name}, image: 'demo:1.0.0'}]`,
    ...extra.map(l => `      ${l}`),
    '',
  ].join('\n');
}

const DEPLOYMENT_WITH_EMPTYDIR = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: cache, namespace: apps}',
  'spec:',
  '  selector: {matchLabels: {app: cache}}',
  '  template:',
  '    metadata: {labels: {app: cache}}',
  '    spec:',
  '      containers: [{name: cache, image: redis}]',
  '      volumes: [{name: data, emptyDir: {}}]',
  '',
].join('\n');

/** Two untainted nodes, as `kubectl get nodes -o json` prints them. */
const TWO_NODES = {
  apiVersion: 'v1',
  kind: 'List',
  items: ['node-a', 'node-b'].map(name => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  })),
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with a fake io. */
function run(argv: string[], stdin?: string): Run {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    readStdin: () => {
      if (stdin === undefined) { throw new Error('the test gave no standard input'); }
      return stdin;
    },
  });
  return { code, stdout, stderr };
}

let tmp: string;
/** Writes a file under the test's temp dir (creating folders) and returns its path. */
function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-cli-'));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const USAGE_START = 'Usage:\n  cdk8s-daemons preview';

describe('preview', () => {
  test('of a file: the DaemonSet summary and one row per node, with the reason', () => {
    // GIVEN
    const file = write('demo.yaml', daemonYaml('demo-daemon', [], 'dev-system'));

    // WHEN
    const r = run(['preview', file]);

    // THEN
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const [summary, rows] = r.stdout.split('\n\n');
    expect(summary.split('\n')).toEqual([
      'NAMESPACE    NAME          DESIRED   PENDING   PRIORITY   NODE SELECTOR',
      'dev-system   demo-daemon   3         0         0          <none>',
    ]);
    const lines = rows.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+DAEMONSET\s+NODE\s+POD\s+REASON$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^dev-system\s+demo-daemon\s+kind-control-plane\s+no new pod\s+untolerated taint node-role\.kubernetes\.io\/control-plane:NoSchedule: no new pod, but a running one stays$/);
    expect(lines.slice(2).map(l => l.split(/\s{2,}/).slice(2))).toEqual([['kind-worker', 'runs'], ['kind-worker2', 'runs'], ['kind-worker3', 'runs']]);
  });

  test('a table like `kubectl get ds`: NODE SELECTOR and <default> for no namespace', () => {
    const file = write('ssd.yaml', daemonYaml('ssd-only', ['nodeSelector: {disktype: ssd}']));
    const r = run(['preview', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAMESPACE\s+NAME\s+DESIRED\s+PENDING\s+PRIORITY\s+NODE SELECTOR\n<default>\s+ssd-only\s+0\s+0\s+0\s+disktype=ssd\n/);
    expect(r.stdout).toContain('nodeSelector disktype=ssd: the node has no label disktype');
  });

  test('of a directory: recursing, picking .yaml, .yml and .json, in sorted order (byte order, as kubectl apply -f walks)', () => {
    // GIVEN
    write('manifests/b.yaml', daemonYaml('b'));
    write('manifests/a.yml', daemonYaml('a'));
    write('manifests/Z.yaml', daemonYaml('z'));
    write('manifests/sub/c.json', JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'c' },
      spec: { selector: { matchLabels: { app: 'c' } }, template: { metadata: { labels: { app: 'c' } }, spec: { containers: [{ name: 'c', image: 'c' }] } } },
    }));
    write('manifests/notes.txt', 'not: [yaml');
    write('manifests/README.md', '# not a manifest: [');

    // WHEN
    const r = run(['preview', path.join(tmp, 'manifests'), '--output', 'json']);

    // THEN
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).daemonSets.map((ds: any) => ds.name)).toEqual(['z', 'a', 'b', 'c']);
  });

  test('files and directories together, in the order given', () => {
    const dir = path.dirname(write('d/one.yaml', daemonYaml('one')));
    const file = write('two.yaml', daemonYaml('two'));
    const r = run(['preview', file, dir, '-o', 'json']);
    expect(JSON.parse(r.stdout).daemonSets.map((ds: any) => ds.name)).toEqual(['two', 'one']);
  });

  test('of standard input when no file is given', () => {
    const r = run(['preview', '--output', 'json'], daemonYaml('from-stdin'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).daemonSets.map((ds: any) => [ds.name, ds.desired])).toEqual([['from-stdin', 3]]);
  });

  test('helm-template style input: several documents, other kinds ignored, comments, a List', () => {
    // GIVEN
    const text = [
      '---',
      '# Source: agent/templates/serviceaccount.yaml',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: agent',
      '---',
      '# Source: agent/templates/daemonset.yaml',
      daemonYaml('agent', ['tolerations: [{operator: Exists}]'], 'monitoring'),
      '---',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}',
    ].join('\n');
    const file = write('helm.yaml', text);

    // WHEN
    const r = run(['preview', file, '--output=json']);

    // THEN
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).daemonSets.map((ds: any) => [ds.namespace, ds.name, ds.desired])).toEqual([['monitoring', 'agent', 4]]);
  });

  test('--output json: the report, with the right DESIRED', () => {
    // GIVEN
    const file = write('demo.yaml', daemonYaml('demo') + '---\n' + daemonYaml('cp', ['tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]']));

    // WHEN
    const r = run(['preview', file, '--output', 'json']);

    // THEN
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.nodes).toEqual(['kind-control-plane', 'kind-worker', 'kind-worker2', 'kind-worker3']);
    expect(report.daemonSets.map((ds: any) => [ds.name, ds.desired, ds.nodeSelector])).toEqual([['demo', 3, '<none>'], ['cp', 4, '<none>']]);
    expect(report.daemonSets[0].nodes[0]).toEqual({
      node: 'kind-control-plane',
      shouldRun: false,
      shouldContinueRunning: true,
      reasons: ['untolerated taint node-role.kubernetes.io/control-plane:NoSchedule: no new pod, but a running one stays'],
      pendingReasons: [],
      preempts: [],
      surgeReasons: [],
    });
  });

  test('--output table is the default', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    expect(run(['preview', file, '--output', 'table']).stdout).toBe(run(['preview', file]).stdout);
  });

  test('--nodes FILE: a custom node list changes the answer', () => {
    // GIVEN
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = write('nodes.json', JSON.stringify(TWO_NODES, undefined, 2));

    // WHEN
    const r = run(['preview', file, '--nodes', nodes, '--output', 'json']);

    // THEN
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.nodes).toEqual(['node-a', 'node-b']);
    expect(report.daemonSets[0].desired).toBe(2);
  });

  test('--nodes=FILE, with the node list as YAML', () => {
    // GIVEN: node-b tainted NoExecute
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = write('nodes.yaml', [
      'apiVersion: v1',
      'kind: NodeList',
      'items:',
      '- {apiVersion: v1, kind: Node, metadata: {name: node-a}}',
      '- {apiVersion: v1, kind: Node, metadata: {name: node-b}, spec: {taints: [{key: VIPOnly, value: "true", effect: NoExecute}]}}',
      '',
    ].join('\n'));

    // WHEN
    const r = run(['preview', `--nodes=${nodes}`, file]);

    // THEN
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<default>\s+demo\s+1\s+0\s+0\s+<none>/);
    expect(r.stdout).toMatch(/node-b\s+no pod\s+untolerated taint VIPOnly=true:NoExecute: no pod, and a running one is evicted/);
  });

  test('variants of one daemon: the coverage table', () => {
    // GIVEN
    const variant = (name: string, selector: string) => daemonYaml(name, [`nodeSelector: {${selector}}`], 'monitoring')
      .replace(`labels: {app: ${name}}`, `labels: {app: ${name}, app.kubernetes.io/name: agent}`);
    const file = write('variants.yaml', `${variant('agent-linux', 'kubernetes.io/os: linux')}---\n${variant('agent-w2', 'kubernetes.io/hostname: kind-worker2')}`);

    // WHEN
    const r = run(['preview', file]);

    // THEN
    expect(r.stdout).toMatch(/DAEMON\s+VARIANTS\s+NODES WITHOUT A POD\s+NODES WITH MORE THAN ONE\nmonitoring\/agent\s+agent-linux,agent-w2\s+kind-control-plane\s+kind-worker2 \(agent-linux\+agent-w2\)\n/);
  });

  test('input with no DaemonSet: a notice on stderr, exit 0', () => {
    const file = write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const r = run(['preview', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('cdk8s-daemons: no DaemonSet in the input\n');
  });

  test('empty standard input: the same notice, exit 0', () => {
    const r = run(['preview'], '');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('cdk8s-daemons: no DaemonSet in the input\n');
  });
});

describe('drain', () => {
  test('drain NODE FILE prints the command with --ignore-daemonsets and tells of the cordon', () => {
    // GIVEN
    const file = write('demo.yaml', daemonYaml('demo-daemon', [], 'dev-system'));

    // WHEN
    const r = run(['drain', 'kind-worker', file]);

    // THEN
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('$ kubectl drain kind-worker --ignore-daemonsets');
    expect(r.stdout).toContain('- node/kind-worker cordoned');
    expect(r.stdout).toContain('cannot delete DaemonSet-managed Pods: dev-system/demo-daemon');
    expect(r.stdout).toMatch(/KIND\s+NAMESPACE\s+NAME\s+EMPTYDIR\s+WHAT DRAIN DOES\nDaemonSet\s+dev-system\s+demo-daemon\s+no\s+DaemonSet-managed/);
  });

  test('with a Deployment with emptyDir: --delete-emptydir-data too', () => {
    const file = write('all.yaml', `${daemonYaml('demo')}---\n${DEPLOYMENT_WITH_EMPTYDIR}`);
    const r = run(['drain', 'kind-worker', file]);
    expect(r.stdout.split('\n')[0]).toBe('$ kubectl drain kind-worker --ignore-daemonsets --delete-emptydir-data');
  });

  test('--output json', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    const r = run(['drain', 'kind-worker2', file, '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ node: 'kind-worker2', command: 'kubectl drain kind-worker2 --ignore-daemonsets', flags: ['--ignore-daemonsets'] });
  });

  test('of standard input, on a custom node list', () => {
    const nodes = write('nodes.json', JSON.stringify(TWO_NODES));
    const r = run(['drain', 'node-b', '--nodes', nodes], daemonYaml('demo'));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('$ kubectl drain node-b --ignore-daemonsets');
  });

  test('nothing on the node: says so', () => {
    const file = write('demo.yaml', daemonYaml('demo', ['nodeSelector: {kubernetes.io/hostname: kind-worker3}']));
    const r = run(['drain', 'kind-worker', file]);
    expect(r.stdout).toContain('$ kubectl drain kind-worker\n');
    expect(r.stdout).toContain('No workload of the manifests runs on this node.');
  });
});

describe('help', () => {
  test.each([[['--help']], [['-h']], [[]], [['preview', '--help']], [['drain', '--help']]])('%j prints the usage on stdout, exit 0', (argv) => {
    const r = run(argv);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(USAGE_START)).toBe(true);
    expect(r.stdout).toContain('cdk8s-daemons drain NODE');
    expect(r.stderr).toBe('');
  });
});

describe('errors', () => {
  /** Exit code, and stderr that starts with `cdk8s-daemons: <message>`; nothing on stdout. */
  function expectError(r: Run, code: number, message: string | RegExp) {
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('cdk8s-daemons: ')).toBe(true);
    const first = r.stderr.split('\n')[0].slice('cdk8s-daemons: '.length);
    if (typeof message === 'string') { expect(first).toBe(message); } else { expect(first).toMatch(message); }
    if (code === 2) { expect(r.stderr).toContain(`\n\n${USAGE_START}`); } else { expect(r.stderr).not.toContain('Usage:'); }
  }

  test('a missing file: 1', () => {
    const missing = path.join(tmp, 'missing.yaml');
    expectError(run(['preview', missing]), 1, `cannot read ${missing}: no such file or directory`);
  });

  test('a directory with no YAML: 2 (a misconfigured pipeline never passes)', () => {
    write('empty/notes.txt', 'hello');
    const dir = path.join(tmp, 'empty');
    expectError(run(['preview', dir]), 2, `${dir}: no .yaml, .yml or .json files in this directory`);
    expectError(run(['check', dir]), 2, `${dir}: no .yaml, .yml or .json files in this directory`);
  });

  test('check with no manifest at all: 2, for empty standard input, a file of comments, and an empty list', () => {
    expectError(run(['check'], ''), 2, /^no manifests in standard input: a gate that sees nothing cannot pass/);
    const comments = write('comments.yaml', '# nothing here\n---\n');
    expectError(run(['check', comments]), 2, `no manifests in ${comments}: a gate that sees nothing cannot pass (check the path, or the step that writes the YAML)`);
    expectError(run(['check'], '{"kind": "List", "items": []}'), 2, /^no manifests in standard input/);
    // one manifest that is not a DaemonSet is input enough
    expect(run(['check'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ops\n').code).toBe(0);
  });

  test('--require-placement needs --nodes, and makes DESIRED 0 an error there', () => {
    expectError(run(['check', '--require-placement'], ''), 2, '--require-placement needs --nodes: on the sample cluster, placement says nothing about yours');
    const nodes = write('nodes.json', JSON.stringify({ kind: 'List', items: [{ kind: 'Node', metadata: { name: 'n1', labels: {} } }] }));
    const nowhere = write('nowhere.yaml', JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'gpu', namespace: 'ops' },
      spec: {
        selector: { matchLabels: { app: 'gpu' } },
        template: { metadata: { labels: { app: 'gpu' } }, spec: { nodeSelector: { gpu: 'true' }, containers: [{ name: 'g', image: 'g:1', resources: { requests: { cpu: '1m' } } }] } },
      },
    }));
    const warned = run(['check', '--nodes', nodes, nowhere]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/^warning: .*runs on no node of the inventory \(DESIRED 0\)/);
    const refused = run(['check', '--nodes', nodes, '--require-placement', nowhere]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^error: .*runs on no node of the inventory \(DESIRED 0\)/);
  });

  test('malformed YAML: 1, naming the file and the line', () => {
    // GIVEN: the second document's `name: broken: yes` (a mapping nested in a compact mapping) is not YAML
    const prefix = `${daemonYaml('ok')}---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n`;
    const file = write('broken.yaml', `${prefix}  name: broken: yes\n`);
    const line = prefix.split('\n').length;

    // WHEN
    const r = run(['preview', file]);

    // THEN
    expect(line).toBe(17);
    expectError(r, 1, new RegExp(`^${escape(file)}:${line}: malformed YAML: \\S`));
  });

  test('malformed YAML on standard input names <stdin>', () => {
    expectError(run(['preview'], 'a: [\n'), 1, /^<stdin>:\d+: malformed YAML: /);
  });

  test('a malformed .json file: 1', () => {
    const file = write('bad.json', '{"apiVersion": "apps/v1", "kind": "DaemonSet",}');
    expectError(run(['preview', file]), 1, new RegExp(`^${escape(file)}: malformed JSON: \\S`));
  });

  test('--nodes: a file that is not a node list: 1', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = write('deploy.yaml', DEPLOYMENT_WITH_EMPTYDIR);
    expectError(run(['preview', file, '--nodes', nodes]), 1, `${nodes}: not a node list: expected the output of 'kubectl get nodes -o json' (kind List or NodeList with Node items), got kind 'Deployment'`);
  });

  test('--nodes: a file with two documents: 1', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = write('nodes.yaml', 'apiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: b}\n');
    expectError(run(['preview', file, '--nodes', nodes]), 1, `${nodes}: not a node list: expected one document (the output of 'kubectl get nodes -o json'), found 2`);
  });

  test('--nodes: an empty file: 1', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = write('nodes.yaml', '');
    expectError(run(['preview', file, '--nodes', nodes]), 1, /not a node list: expected one document .*found 0/);
  });

  test('--nodes: a missing file: 1', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    const nodes = path.join(tmp, 'nodes.json');
    expectError(run(['preview', file, '--nodes', nodes]), 1, `cannot read ${nodes}: no such file`);
  });

  test('--nodes: malformed JSON: 1', () => {
    const nodes = write('nodes.json', '{"kind": "List", "items": [}');
    expectError(run(['preview', '--nodes', nodes], daemonYaml('demo')), 1, new RegExp(`^${escape(nodes)}: malformed JSON: `));
  });

  test('an unknown command: 2, with the usage', () => {
    expectError(run(['apply', 'x.yaml']), 2, "unknown command 'apply': use preview, drain or check");
  });

  test('an unknown option: 2', () => {
    expectError(run(['preview', '--bogus']), 2, "unknown option '--bogus'");
  });

  test('--output xml: 2', () => {
    expectError(run(['preview', '--output', 'xml']), 2, "--output must be table or json, not 'xml'");
    expectError(run(['preview', '--output=xml']), 2, "--output must be table or json, not 'xml'");
  });

  test('--output without a value: 2', () => {
    expectError(run(['preview', '--output']), 2, '--output needs a value');
  });

  test('--nodes without a value: 2', () => {
    expectError(run(['preview', '--nodes']), 2, '--nodes needs a value');
    expectError(run(['preview', '--nodes=']), 2, '--nodes needs a value');
  });

  test('drain without NODE: 2', () => {
    expectError(run(['drain']), 2, 'drain needs a NODE');
  });

  test('drain on an unknown node: 1', () => {
    const file = write('demo.yaml', daemonYaml('demo'));
    expectError(run(['drain', 'kind-worker9', file]), 1, "no node 'kind-worker9' in the cluster (nodes: kind-control-plane, kind-worker, kind-worker2, kind-worker3)");
  });

  test('a DaemonSet without spec.template.spec: 1', () => {
    const file = write('bad.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: broken\n');
    expectError(run(['preview', file]), 1, "DaemonSet 'broken' has no spec.template.spec");
  });

  test('check: a DaemonSet without spec.template.spec is a finding beside the others, not an abort', () => {
    const file = write('bad.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: broken\n');
    const good = write('demo.yaml', daemonYaml('demo'));
    const r = run(['check', '--output', 'json', file, good]);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.filter((f: any) => f.object === 'DaemonSet broken').map((f: any) => [f.rule, f.field])).toEqual([['api-refused', 'spec.template.spec']]);
  });
});

describe('the real bin, spawned through ts-node', () => {
  const root = path.join(__dirname, '../..');
  const spawn = (args: string[]) => child_process.spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });

  test('preview FILE: exit 0 and the table', () => {
    const file = write('demo.yaml', daemonYaml('demo-daemon', [], 'dev-system'));
    const r = spawn(['preview', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/dev-system\s+demo-daemon\s+3\s+0\s+0\s+<none>/);
    expect(r.stdout).toContain('node-role.kubernetes.io/control-plane:NoSchedule');
  }, 60_000);

  test('a missing file: exit 1 and the message', () => {
    const missing = path.join(tmp, 'missing.yaml');
    const r = spawn(['preview', missing]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cdk8s-daemons: cannot read ${missing}: no such file or directory\n`);
  }, 60_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('details kubectl users rely on', () => {
  test('YAML is read as YAML 1.1, as kubectl reads it: hostNetwork: yes is true', () => {
    // GIVEN a worker whose network is not ready yet, and a daemon written with `yes`
    const nodes = write('nodes.json', JSON.stringify({
      kind: 'List',
      items: [{ kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] } }],
    }));
    const file = write('ds.yaml', daemonYaml('cni', ['hostNetwork: yes']));

    // WHEN
    const r = run(['preview', file, '--nodes', nodes, '-ojson']);

    // THEN the controller's network-unavailable toleration applies (hostNetwork only)
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).daemonSets[0].desired).toBe(1);
  });

  test('-o json, -ojson and -o=json all select JSON', () => {
    const file = write('ds.yaml', daemonYaml('demo'));
    for (const flags of [['-o', 'json'], ['-ojson'], ['-o=json']]) {
      expect(JSON.parse(run(['preview', file, ...flags]).stdout).daemonSets[0].name).toBe('demo');
    }
  });

  test('a malformed YAML message ends with the problem, not a dangling position', () => {
    const file = write('bad.yaml', 'kind: DaemonSet\nmetadata: {name: x\n');
    const r = run(['preview', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/malformed YAML: [^\n]*[^:\n]\n$/);
    expect(r.stderr).not.toMatch(/at line \d+, column \d+:\n$/);
  });
});

describe('rule ids, suppressions and SARIF', () => {
  const deadlocked = (annotations?: { [key: string]: string }) => JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'ops', annotations },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x:latest', resources: { requests: { cpu: '1m' } }, ports: [{ name: 'm', containerPort: 9100 }] }] },
      },
    },
  });

  test('every line names its rule; --ignore drops rules, and unknown ones are refused', () => {
    const all = run(['check'], deadlocked());
    expect(all.code).toBe(1);
    expect(all.stdout.split('\n').filter(l => l.startsWith('error') || l.startsWith('warning')).map(l => /\[([a-z0-9-]+)\]$/.exec(l)?.[1])).toEqual(['surge-deadlock', 'unpinned-image']);
    const ignored = run(['check', '--ignore', 'surge-deadlock,unpinned-image'], deadlocked());
    expect(ignored).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
    const bad = run(['check', '--ignore=surge'], deadlocked());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cdk8s-daemons: --ignore: no rule 'surge' \(rules: duplicate-object, yaml11-scalar, /);
  });

  test('an object exempts itself from named rules by annotation', () => {
    const exempt = run(['check'], deadlocked({ 'cdk8s-daemons.io/ignore-check': 'surge-deadlock' }));
    expect(exempt.code).toBe(0);
    expect(exempt.stdout).toMatch(/^warning: .*\[unpinned-image\]\n0 errors, 1 warning\n$/);
  });

  test('--output sarif: SARIF 2.1.0 with the rules and one result per finding, naming file, object and rule', () => {
    const file = write('ds.yaml', deadlocked());
    const r = run(['check', file, '--output', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const [runLog] = log.runs;
    expect(runLog.tool.driver.name).toBe('cdk8s-daemons');
    expect(runLog.tool.driver.rules.map((x: any) => x.id)).toContain('host-path-clash');
    expect(runLog.results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['surge-deadlock', 'error', file], ['unpinned-image', 'warning', file],
    ]);
    expect(runLog.results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('DaemonSet ops/agent/spec.updateStrategy.rollingUpdate.maxSurge');
    expect(run(['preview', '--output', 'sarif'], deadlocked()).code).toBe(2);
  });
});

describe('--pods and --priority-classes: Pending pods and preemption (issue 21)', () => {
  /** Two nodes with 4 cores each. */
  const nodesWithRoom = () => write('nodes.json', JSON.stringify({
    ...TWO_NODES,
    items: TWO_NODES.items.map(n => ({ ...n, status: { ...n.status, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } })),
  }));
  /** A pod of priority 0 taking 3.5 cores of node-a. */
  const busyPods = () => write('pods.json', JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [{
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { nodeName: 'node-a', priority: 0, containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: '3500m' } } }] },
      status: { phase: 'Running' },
    }],
  }));
  const agent = (extra: string[] = []) => write('agent.yaml', daemonYaml('agent', ['tolerations: [{operator: Exists}]', ...extra])
    .replace("image: 'demo:1.0.0'}]", "image: 'demo:1.0.0', resources: {requests: {cpu: '1'}}}]"));

  test('preview: the Pending node in the table and in JSON, with the scheduler\'s reason', () => {
    const file = agent();
    const r = run(['preview', file, '--nodes', nodesWithRoom(), '--pods', busyPods()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<default>\s+agent\s+2\s+1\s+0\s+<none>/);
    expect(r.stdout).toMatch(/agent\s+node-a\s+Pending\s+Insufficient cpu: requests 1, 500m free of 4; no preemption: no pod on the node has a priority below 0/);
    expect(r.stdout).toMatch(/agent\s+node-b\s+runs\n/);
    const json = JSON.parse(run(['preview', file, '--nodes', nodesWithRoom(), '--pods', busyPods(), '-o', 'json']).stdout);
    expect(json.daemonSets[0].nodes[0]).toMatchObject({ node: 'node-a', shouldRun: true, pendingReasons: [expect.stringMatching(/^Insufficient cpu/), expect.stringMatching(/^no preemption/)], preempts: [] });
  });

  test('preview: a PriorityClass from --priority-classes lets it preempt, and the row says whom it evicts', () => {
    const classes = write('pcs.yaml', 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: agents}, value: 1000000}\n');
    const r = run(['preview', agent(['priorityClassName: agents']), '--nodes', nodesWithRoom(), '--pods', busyPods(), '--priority-classes', classes]);
    expect(r.stdout).toMatch(/agent\s+node-a\s+runs, preempting\s+evicts apps\/web \(lower priority\)/);
  });

  test('check: an error with --nodes and --pods (exit 1), a warning with --nodes alone', () => {
    const file = agent();
    const real = run(['check', file, '--nodes', nodesWithRoom(), '--pods', busyPods()]);
    expect(real.code).toBe(1);
    expect(real.stdout).toMatch(/^error: .*agent.yaml: DaemonSet agent: spec.template.spec: its pod stays Pending on 1 of 2 nodes it is made for: node-a: Insufficient cpu: requests 1, 500m free of 4; .*\[pod-pending\]$/m);
    const tight = write('tight.yaml', daemonYaml('agent', ['tolerations: [{operator: Exists}]']).replace("image: 'demo:1.0.0'}]", "image: 'demo:1.0.0', resources: {requests: {cpu: '5'}}}]"));
    const empty = run(['check', tight, '--nodes', nodesWithRoom()]);
    expect(empty.stdout).toMatch(/^warning: .*its pod stays Pending on 2 of 2 nodes.*judged on empty nodes: give --pods for what runs on them.*\[pod-pending\]$/m);
  });

  test('--pods needs --nodes; a file that is not a pod list names itself', () => {
    for (const command of [['preview'], ['check'], ['drain', 'node-a']]) {
      const noNodes = run([...command, agent(), '--pods', busyPods()]);
      expect(noNodes.code).toBe(2);
      expect(noNodes.stderr).toContain('--pods needs --nodes');
    }
    const notPods = run(['preview', agent(), '--nodes', nodesWithRoom(), '--pods', nodesWithRoom()]);
    expect(notPods.code).toBe(1);
    expect(notPods.stderr).toMatch(/nodes\.json: not a pod list: item 0 is kind 'Node', not a Pod/);
  });

  test('drain --pods: where the evicted pods can go', () => {
    const r = run(['drain', 'node-a', agent(), '--nodes', nodesWithRoom(), '--pods', busyPods()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/evicted by the drain:\nKIND\s+NAMESPACE\s+NAME\s+EMPTYDIR\s+WHERE IT GOES\nPod\s+apps\s+web\s+no\s+evicted; the scheduler can bind it again on node-b\n/);
  });
});
