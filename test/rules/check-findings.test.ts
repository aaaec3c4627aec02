/**
 * `check`'s findings compared whole (problem and fix, severity and field), every rule at least once,
 * and the input shapes Stryker's rules-check run found untested (issue 23): a finding's words are
 * what the user reads in a pull request, so a changed word must show in a diff.
 */
import { ClusterInventory, Placement } from '../../src';
import { CHECK_RULES, checkManifests, CheckFinding, CheckOptions } from '../../src/rules/check';
import { formatDrain, formatPlacement } from '../../src/rules/format';
import { loadManifests, objectIdentity, parseText } from '../../src/rules/manifests';

/** A DaemonSet in namespace `ops` (none with `namespace` undefined), its one container requesting a little. */
function ds(name: string, podSpec: object = {}, extra: { spec?: object; podLabels?: object; namespace?: string | null } = {}): any {
  const namespace = extra.namespace === undefined ? 'ops' : extra.namespace;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(extra.podLabels ?? {}) } },
        spec: { containers: [{ name: 'agent', image: 'example.com/agent:1.0', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...podSpec },
      },
      ...(extra.spec ?? {}),
    },
  };
}
const sourced = (objects: any[]) => objects.map((object, i) => ({ file: `f${i}.yaml`, object }));
const check = (objects: any[], cluster = ClusterInventory.sample(), options: CheckOptions = {}) => checkManifests(sourced(objects), cluster, options);
const rules = (findings: CheckFinding[]) => findings.map(f => f.rule);

/** Nodes with `allocatable`, each labelled with its hostname; `taints` by node name. */
function nodes(names: string[], taints: { [node: string]: any[] } = {}): ClusterInventory {
  return ClusterInventory.fromNodeList(names.map(name => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: taints[name] ? { taints: taints[name] } : {},
    status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
  })));
}
/** A running pod bound to `nodeName`, owned by a ReplicaSet. */
const running = (name: string, nodeName: string, requests: object, priority = 0) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'apps', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-rs`, controller: true }] },
  spec: { nodeName, priority, containers: [{ name: 'c', image: 'x:1', resources: { requests } }] },
  status: { phase: 'Running' },
});
const PC = (name: string, value: number, extra: object = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const SURGE = { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } };
const variant = (name: string, nodeSelector: object, namespace?: string | null) =>
  ds(name, { nodeSelector }, { podLabels: { 'app.kubernetes.io/name': 'agent' }, namespace });

describe('every rule\'s findings, whole', () => {
  // One input per rule (some give more than one finding); the snapshot holds every word of every finding.
  const busy = nodes(['a', 'b', 'c']).withPods([
    running('web-a', 'a', { cpu: '1500m', memory: '3Gi' }),
    running('web-b', 'b', { cpu: '1500m', memory: '3Gi' }),
    running('web-c', 'c', { cpu: '100m' }),
  ]);
  const cases: { [name: string]: () => CheckFinding[] } = {
    'duplicate-object': () => check([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ops' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ops' } }]),
    'yaml11-scalar': () => check([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { enabled: true, off: false, version: 1.0, empty: null } } },
      { metadata: { name: 'no-kind', labels: { on: true } } },
    ]),
    'api-refused, no pod template': () => check([{ ...ds('empty'), spec: { selector: { matchLabels: { app: 'empty' } } } }, { ...ds('text'), spec: { template: { spec: 'containers' } } }]),
    'api-refused, no name (a nameless DaemonSet is judged too: it is BestEffort)': () => check([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } },
      { ...ds('x', { containers: [{ name: 'agent', image: 'x:1' }] }), metadata: {} },
      { data: 'not a Kubernetes object: no kind' },
    ]),
    'duplicate-declaration': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1m' } }, env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }] })]),
    'surge-deadlock, a host port': () => check([ds('exporter', { containers: [{ name: 'e', image: 'x:1', resources: { requests: { cpu: '1m' } }, ports: [{ name: 'metrics', containerPort: 9100, hostPort: 9100 }] }] }, SURGE)]),
    'on-delete': () => check([ds('agent', {}, { spec: { updateStrategy: { type: 'OnDelete' } } })]),
    'desired-zero on an inventory': () => check([ds('agent', { nodeSelector: { disktype: 'ssd' } })], nodes(['a', 'b', 'c']).withLabel('c', 'disktype', 'hdd')),
    'desired-zero on the sample cluster': () => check([ds('agent', { nodeSelector: { disktype: 'ssd' } })], ClusterInventory.sample(), { sampleCluster: true }),
    'surge-no-room with the pods given': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '300m', memory: '600Mi' } } }] }, SURGE)], busy, { runningPods: true }),
    'surge-no-room, nodes short of different things': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '300m', memory: '600Mi' } } }] }, SURGE)],
      nodes(['a', 'b', 'c']).withPods([running('cpu-bound', 'a', { cpu: '1500m' }), running('memory-bound', 'b', { memory: '3Gi' })]), { runningPods: true }),
    'surge-no-room on the sample cluster': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1500m' } } }] }, SURGE)], ClusterInventory.sample(), { sampleCluster: true }),
    'surge-no-room on empty nodes': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1200m' } } }] }, SURGE)], nodes(['a', 'b'])),
    'pod-pending with the pods given': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '600m', memory: '1200Mi' } } }] })], busy, { runningPods: true }),
    'pod-pending, nodes short of different things': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '600m', memory: '1200Mi' } } }] })],
      nodes(['a', 'b', 'c']).withPods([running('cpu-bound', 'a', { cpu: '1500m' }), running('memory-bound', 'b', { memory: '3Gi' })]), { runningPods: true }),
    'preemption of two pods on a node': () => check([ds('agent', { priorityClassName: 'system-node-critical', containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1800m' } } }] })],
      nodes(['a']).withPods([running('one', 'a', { cpu: '800m' }), running('two', 'a', { cpu: '800m' })]), { runningPods: true }),
    'preemption-policy-refused, the global default': () => check([ds('agent', { preemptionPolicy: 'PreemptLowerPriority' }), PC('quiet', 10, { preemptionPolicy: 'Never', globalDefault: true })]),
    'preemption': () => check([ds('agent', { priorityClassName: 'agents', containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '600m' } } }] }), PC('agents', 1000)], busy, { runningPods: true }),
    'evicted-by-taint': () => check([ds('agent')], nodes(['a', 'b', 'c'], { b: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }], c: [{ key: 'gpu', effect: 'NoExecute' }] })),
    'best-effort': () => check([ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: null } }] })]),
    'unknown-priority-class': () => check([ds('agent', { priorityClassName: 'agent' })]),
    'preemption-policy-refused': () => check([
      ds('named', { priorityClassName: 'quiet', preemptionPolicy: 'PreemptLowerPriority' }),
      ds('empty-name', { priorityClassName: '', preemptionPolicy: 'PreemptLowerPriority' }),
      PC('quiet', 10, { preemptionPolicy: 'Never', globalDefault: true }),
    ]),
    'preemption-policy-refused, no class known': () => check([ds('agent', { preemptionPolicy: 'Never' })]),
    'unpinned-image': () => check([ds('agent', { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'agent', image: 'example.com/agent:latest', resources: { requests: { cpu: '1m' } } }] })]),
    'pod-security': () => check([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }, ds('agent', { hostNetwork: true, hostPID: true, containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1m' } }, securityContext: { privileged: true } }] })]),
    'coverage-overlap, variants without a namespace after another DaemonSet': () => check([
      ds('other', {}, { namespace: null }),
      variant('agent', {}, null),
      variant('agent-ssd', { disktype: 'ssd' }, null),
      variant('agent-b', { 'kubernetes.io/hostname': 'b' }, null),
    ], nodes(['a', 'b']).withLabel('a', 'disktype', 'ssd')),
    'coverage-gap only (no overlap)': () => check([variant('agent', { 'kubernetes.io/hostname': 'a' }), variant('agent-b', { 'kubernetes.io/hostname': 'b' })], nodes(['a', 'b', 'c'])),
    'host-port-clash and host-path-clash': () => {
      const both = (name: string) => ds(name, {
        containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1m' } }, ports: [{ containerPort: 9100, hostPort: 9100 }], volumeMounts: [{ name: 'state', mountPath: '/state' }] }],
        volumes: [{ name: 'state', hostPath: { path: '/var/lib/agent' } }],
      });
      return check([both('a'), both('b')]);
    },
    'selector-overlap': () => {
      const wide = ds('wide');
      wide.spec.selector.matchLabels = { tier: 'infra' };
      wide.spec.template.metadata.labels = { tier: 'infra' };
      return check([wide, ds('narrow', {}, { podLabels: { tier: 'infra' } })]);
    },
  };
  // run inside the tests, not while the module loads (a mutant must be live when they run)
  const findingsOfEachCase = () => Object.fromEntries(Object.entries(cases).map(([name, run]) => [name, run()]));

  test('the findings of each input', () => {
    expect(findingsOfEachCase()).toMatchSnapshot();
  });

  test('every rule of CHECK_RULES is in the snapshot, so no rule\'s words go unread', () => {
    const results = findingsOfEachCase();
    const seen = new Set(Object.values(results).flatMap(rules));
    expect(Object.keys(CHECK_RULES).filter(r => !seen.has(r as any))).toEqual([]);
  });
});

describe('check: inputs Stryker\'s rules-check run found untested (issue 23)', () => {
  test('a DaemonSet named like the PriorityClass it names is no PriorityClass', () => {
    expect(rules(check([ds('agent', { priorityClassName: 'agent' })]))).toEqual(['unknown-priority-class']);
  });

  test('a PriorityClass of the input sets the priority placement uses: the daemon preempts', () => {
    const full = nodes(['a']).withPods([running('web', 'a', { cpu: '1800m' })]);
    const daemon = ds('agent', { priorityClassName: 'agents', containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '500m' } } }] });
    expect(rules(check([daemon, PC('agents', 1000)], full, { runningPods: true }))).toEqual(['preemption']);
    // without it the class is unknown (priority 0): no preemption, the pod stays Pending
    expect(rules(check([daemon], full, { runningPods: true }))).toEqual(['pod-pending', 'unknown-priority-class']);
  });

  test('Pod Security labels on a DaemonSet enforce nothing; a Namespace without metadata is only a nameless object', () => {
    const labelled = ds('ops', { hostNetwork: true });
    labelled.metadata.labels = { 'pod-security.kubernetes.io/enforce': 'restricted' };
    expect(check([labelled])).toEqual([]);
    expect(check([{ apiVersion: 'v1', kind: 'Namespace' }, ds('agent')]).map(f => `${f.rule} ${f.object} ${f.field}`)).toEqual(['api-refused Namespace <unnamed> metadata.name']);
  });

  test('NoExecute eviction is said of taints only, not of nodes a selector leaves out', () => {
    const cluster = nodes(['a', 'b'], { b: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] });
    expect(rules(check([ds('agent', { nodeSelector: { 'kubernetes.io/hostname': 'a' } })], cluster))).toEqual([]);
    expect(rules(check([ds('agent')], cluster))).toEqual(['evicted-by-taint']);
  });

  test('a priorityClassName that is no string names no class (the schema refuses the number; check does not take it for a class name)', () => {
    expect(rules(check([ds('agent', { priorityClassName: 5 })]))).toEqual([]);
  });

  test('surge-no-room: an error only on a real inventory with its pods; a warning otherwise', () => {
    const daemon = ds('agent', { containers: [{ name: 'agent', image: 'x:1', resources: { requests: { cpu: '1200m' } } }] }, SURGE);
    const severity = (options: CheckOptions) => check([daemon], nodes(['a']), options).map(f => `${f.rule} ${f.severity}`);
    expect(severity({})).toEqual(['surge-no-room warning']);
    expect(severity({ runningPods: true })).toEqual(['surge-no-room error']);
    expect(severity({ runningPods: true, sampleCluster: true })).toEqual(['surge-no-room warning']);
  });

  test('malformed DaemonSets are judged, not crashed on or skipped: no metadata, no selector, no template metadata', () => {
    const { metadata: _m, ...anonymous } = ds('x');
    const noSelector = { ...ds('y'), spec: { template: ds('y').spec.template } };
    const noTemplateMetadata = { ...ds('z'), spec: { selector: { matchLabels: { app: 'z' } }, template: { spec: ds('z').spec.template.spec } } };
    const findings = check([anonymous, noSelector, noTemplateMetadata]);
    expect(findings.map(f => `${f.rule} ${f.object} ${f.field}`)).toEqual([
      'api-refused DaemonSet <unnamed> metadata.name',
      'api-refused DaemonSet ops/y spec.selector',
      'api-refused DaemonSet ops/z spec.selector.matchLabels',
    ]);
    // the nameless one is placed and judged as <unnamed>
    expect(Placement.preview([anonymous]).daemonSets[0].name).toBe('<unnamed>');
  });

  test('objects without a name are never one object twice; one kind and name in two API groups are two objects', () => {
    const nameless = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'ops' } };
    expect(rules(check([nameless, nameless]))).not.toContain('duplicate-object');
    const cert = (apiVersion: string) => ({ apiVersion, kind: 'Certificate', metadata: { name: 'tls', namespace: 'ops' } });
    expect(rules(check([cert('cert-manager.io/v1'), cert('example.com/v1')]))).toEqual([]);
    expect(rules(check([cert('cert-manager.io/v1'), cert('cert-manager.io/v1alpha2')]))).toEqual(['duplicate-object']);
    // no apiVersion is the core group, as "v1" is
    expect(rules(check([{ kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ops' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ops' } }]))).toEqual(['duplicate-object']);
  });
});

describe('manifests: reading the input (issue 23: Stryker)', () => {
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

  test('null and undefined are nothing; lists nest; an object with items that is no List is one object', () => {
    expect(loadManifests(null)).toEqual([]);
    expect(loadManifests(undefined)).toEqual([]);
    expect(loadManifests([null, cm('a'), undefined, [cm('b'), [null]], { kind: 'List', items: [cm('c'), null, { kind: 'List', items: [cm('d')] }] }]))
      .toEqual([cm('a'), cm('b'), cm('c'), cm('d')]);
    const withItems = { apiVersion: 'example.com/v1', kind: 'Inventory', metadata: { name: 'i' }, items: [cm('x')] };
    expect(loadManifests([withItems])).toEqual([withItems]);
    // an object with toJson but no construct node, or with synthYaml but no charts, is plain JSON
    const lookalike = { kind: 'ConfigMap', metadata: { name: 'l' }, toJson: 'no', node: {}, synthYaml: () => 'kind: Secret', charts: 'none' };
    expect(loadManifests(lookalike)).toEqual([lookalike]);
    const other = { kind: 'ConfigMap', metadata: { name: 'm' }, toJson: () => [], synthYaml: 'kind: Secret', charts: [] };
    expect(loadManifests(other)).toEqual([other]);
  });

  test('empty documents are skipped; a YAML error names the source and line, without the parser\'s position', () => {
    expect(parseText('---\n---\nkind: ConfigMap\n---\n', 'm.yaml')).toEqual([{ kind: 'ConfigMap' }]);
    expect(() => parseText('kind: ConfigMap\nmetadata: {name: [\n', 'm.yaml')).toThrow(/^m\.yaml:\d+: malformed YAML: [^\n]*[^:\n]$/);
    // the yaml library ends its first line with ' at line L, column C:', which the source:line prefix replaces
    expect(() => parseText('a: b\n  c: d\n', 'x.yaml')).toThrow(/^x\.yaml:1: malformed YAML: Nested mappings are not allowed in compact mappings$/);
    const twelve = `${Array.from({ length: 11 }, (_, i) => `k${i}: ${i}`).join('\n')}\nsomekey:   value: other\n`; // line 12, column 12
    expect(() => parseText(twelve, 'x.yaml')).toThrow(/^x\.yaml:12: malformed YAML: Nested mappings are not allowed in compact mappings$/);
  });

  test('an empty namespace is the absent one; cluster-scoped kinds have none', () => {
    expect(objectIdentity('v1', 'ConfigMap', '', 'a')).toBe(objectIdentity('v1', 'ConfigMap', undefined, 'a'));
    expect(objectIdentity('v1', 'ConfigMap', 'x', 'a')).not.toBe(objectIdentity('v1', 'ConfigMap', undefined, 'a'));
    expect(objectIdentity('v1', 'Namespace', 'x', 'a')).toBe(objectIdentity('v1', 'Namespace', undefined, 'a'));
  });
});

describe('format: the preview and drain tables, exactly', () => {
  const cluster = nodes(['a', 'b']).withLabel('a', 'disktype', 'ssd').withPods([running('web', 'b', { cpu: '1800m' })]);

  test('placement: the summary, a row per DaemonSet and node, the variants with <none> for what is empty', () => {
    const report = Placement.preview([
      variant('agent', {}, null),
      variant('agent-ssd', { disktype: 'ssd' }, null),
      ds('critical', { priorityClassName: 'system-node-critical', containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '500m' } } }] }),
      variant('solo', {}, 'ops'),
    ], cluster);
    expect(formatPlacement(report)).toBe([
      'NAMESPACE   NAME        DESIRED   PENDING   PRIORITY     NODE SELECTOR',
      '<default>   agent       2         0         0            <none>',
      '<default>   agent-ssd   1         0         0            disktype=ssd',
      'ops         critical    2         0         2000001000   <none>',
      'ops         solo        2         0         0            <none>',
      '',
      'NAMESPACE   DAEMONSET   NODE   POD                REASON',
      '<default>   agent       a      runs',
      '<default>   agent       b      runs',
      '<default>   agent-ssd   a      runs',
      '<default>   agent-ssd   b      no pod             nodeSelector disktype=ssd: the node has no label disktype',
      'ops         critical    a      runs',
      'ops         critical    b      runs, preempting   evicts apps/web (lower priority)',
      'ops         solo        a      runs',
      'ops         solo        b      runs',
      '',
      'DAEMON   VARIANTS          NODES WITHOUT A POD   NODES WITH MORE THAN ONE',
      'agent    agent,agent-ssd   <none>                a (agent+agent-ssd)',
      '',
    ].join('\n'));
    // a row of several reasons (a tolerated taint, then why the pod stays Pending); several nodes
    // without a pod, and with more than one
    const tainted = nodes(['a', 'b', 'c', 'd'], { a: [{ key: 'spot', effect: 'PreferNoSchedule' }] }).withPods([running('web', 'a', { cpu: '1800m' })])
      .withLabel('c', 'disktype', 'ssd').withLabel('d', 'disktype', 'ssd');
    const rows = formatPlacement(Placement.preview([
      ds('big', { containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '500m' } } }] }),
      variant('v1', { disktype: 'ssd' }), variant('v2', { disktype: 'ssd' }),
    ], tainted)).split('\n');
    expect(rows).toContain('ops         big         a      Pending   taint spot:PreferNoSchedule never blocks a daemon pod; Insufficient cpu: requests 500m, 200m free of 2; no preemption: no pod on the node has a priority below 0; priorityClassName system-node-critical lets a node agent evict lower-priority pods');
    expect(rows).toContain('ops/agent   v1,v2      a,b                   c (v1+v2),d (v1+v2)');
    // a node agent that evicts two pods on one node
    const two = nodes(['a']).withPods([running('one', 'a', { cpu: '800m' }), running('two', 'a', { cpu: '800m' })]);
    const critical = ds('critical', { priorityClassName: 'system-node-critical', containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '1800m' } } }] });
    expect(formatPlacement(Placement.preview([critical], two)).split('\n')).toContain('ops         critical    a      runs, preempting   evicts apps/one, apps/two (lower priority)');
    // a single DaemonSet per daemon: no variants table
    expect(formatPlacement(Placement.preview([ds('solo')], cluster))).not.toMatch(/VARIANTS/);
    // variants that cover every node once: <none> in both columns
    const clean = formatPlacement(Placement.preview([variant('v1', { disktype: 'ssd' }), variant('v2', { 'kubernetes.io/hostname': 'b' })], cluster));
    expect(clean.split('\n').slice(-2)[0]).toBe('ops/agent   v1,v2      <none>                <none>');
  });

  test('drain: the command, notes, the workloads, and where the running pods go', () => {
    const busy = nodes(['a', 'b']).withPods([running('db', 'a', { cpu: '1' }), running('web', 'b', { cpu: '1800m' })]);
    const report = Placement.drain([ds('agent', {}, { namespace: null }), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { nodeName: 'b', containers: [{ name: 'c', image: 'x:1' }], volumes: [{ name: 's', emptyDir: {} }] } }], 'b', busy);
    expect(formatDrain(report)).toBe([
      '$ kubectl drain b --ignore-daemonsets --delete-emptydir-data --force',
      '- node/b cordoned: no new pods are scheduled there, but DaemonSet pods tolerate node.kubernetes.io/unschedulable and keep running',
      '- without --ignore-daemonsets drain stops with: cannot delete DaemonSet-managed Pods: agent',
      '- without --delete-emptydir-data drain stops with: cannot delete Pods with local storage: debug',
      '- 1 of the 1 pods drain evicts find no other node with room and stay Pending: apps/web',
      '',
      'KIND        NAMESPACE   NAME    EMPTYDIR   WHAT DRAIN DOES',
      'DaemonSet   <default>   agent   no         DaemonSet-managed: drain refuses it without --ignore-daemonsets, then leaves it running on the cordoned node (it tolerates node.kubernetes.io/unschedulable)',
      'Pod         <default>   debug   yes        runs on this node; drain needs --force (no controller recreates it; it is deleted for good) and --delete-emptydir-data (its emptyDir data is lost)',
      '',
      'Running on the node now (from the inventory\'s pods), evicted by the drain:',
      'KIND         NAMESPACE   NAME   EMPTYDIR   WHERE IT GOES',
      'ReplicaSet   apps        web    no         no other node can take it, so it stays Pending: a: Insufficient cpu: requests 1800m, 1 free of 2',
      '',
    ].join('\n'));
    expect(formatDrain(Placement.drain([], 'a', nodes(['a'])))).toBe([
      '$ kubectl drain a',
      '- node/a cordoned: no new pods are scheduled there, but DaemonSet pods tolerate node.kubernetes.io/unschedulable and keep running',
      '',
      'No workload of the manifests runs on this node.',
      '',
    ].join('\n'));
  });
});
