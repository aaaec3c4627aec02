/**
 * Issue 21: will the daemon pod be scheduled on the node it is made for, or stay Pending? The
 * scheduler's NodeResourcesFit and NodePorts filters and its default preemption (Kubernetes 1.27),
 * through Placement.preview (typed API), check and the CLI.
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterInventory, NodeDaemon, Placement } from '../../src';
import { checkManifests } from '../../src/rules/check';
import { countedResource, fits, formatAmount, misfits, NodeLoad, nodeCapacity, podHostPorts, podRequests, PORTS_REASON, preemptionVictims, priorityResolver } from '../../src/rules/scheduler-fit';
import { nanoUnits } from '../../src/util/quantity';
import { IMAGE } from '../scheduling/helpers';

/** A Node with `allocatable`. */
function node(name: string, allocatable?: { [k: string]: string }): any {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, ...(allocatable ? { status: { allocatable } } : {}) };
}

/** What a test pod has. */
interface PodOptions {
  readonly requests?: { [k: string]: string };
  readonly priority?: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol?: string;
  readonly daemonSet?: string;
  readonly namespace?: string;
  readonly startTime?: string;
  readonly phase?: string;
}

/** A running Pod on `nodeName`. */
function pod(name: string, nodeName: string, opts: PodOptions = {}): any {
  const namespace = opts.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(opts.daemonSet ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: opts.daemonSet, controller: true }] } : {}) },
    spec: {
      nodeName,
      priority: opts.priority ?? 0,
      containers: [{
        name: 'c',
        image: 'x:1',
        resources: { requests: opts.requests ?? {} },
        ...(opts.hostPort ? { ports: [{ containerPort: opts.hostPort, hostPort: opts.hostPort, protocol: opts.protocol ?? 'TCP', ...(opts.hostIP ? { hostIP: opts.hostIP } : {}) }] } : {}),
      }],
    },
    status: { phase: opts.phase ?? 'Running', ...(opts.startTime ? { startTime: opts.startTime } : {}) },
  };
}

/** A DaemonSet whose one container requests `requests`, with `spec` merged into the pod spec. */
function daemonSet(name: string, requests: { [k: string]: string }, spec: any = {}, namespace = 'agents'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'example.com/agent:1.0', resources: { requests } }], ...spec } },
    },
  };
}

const WORKER = { cpu: '4', memory: '8Gi', pods: '110' };
const inventory = (nodes: any[], pods: any[] = [], classes: any[] = []) =>
  ClusterInventory.fromNodeList(nodes).withPods(pods).withPriorityClasses(classes);
const onNode = (report: ReturnType<typeof Placement.preview>, ds: number, nodeName: string) =>
  report.daemonSets[ds].nodes.find(n => n.node === nodeName)!;

describe('effective requests, as the scheduler computes them', () => {
  test('the sum of the containers, at least the largest init container, plus overhead; a limit without a request is the request', () => {
    const spec = {
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
        { name: 'b', resources: { limits: { 'cpu': '200m', 'nvidia.com/gpu': '1' } } },
      ],
      initContainers: [{ name: 'i', resources: { requests: { cpu: '500m', memory: '32Mi' } } }],
      overhead: { cpu: '50m', memory: '10Mi' },
    };
    expect(Object.fromEntries(podRequests(spec))).toEqual({ 'cpu': 550, 'memory': (64 + 10) * 2 ** 20, 'nvidia.com/gpu': 1 });
  });

  test('summed exactly, then rounded up: two 0.5m containers request 1m, one 0.1m container 1m', () => {
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '0.5m' } } }, { resources: { requests: { cpu: '0.5m' } } }] }).get('cpu')).toBe(1);
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '0.1m' } } }] }).get('cpu')).toBe(1);
    expect(podRequests({ containers: [{ resources: { requests: { memory: '1.5' } } }] }).get('memory')).toBe(2);
  });

  test('an init container below the sum changes nothing; the field absent, nothing is requested', () => {
    expect(Object.fromEntries(podRequests({ containers: [{ resources: { requests: { cpu: '1' } } }], initContainers: [{ resources: { requests: { cpu: '999m' } } }] }))).toEqual({ cpu: 1000 });
    expect(podRequests({ containers: [{ name: 'a' }] }).size).toBe(0);
  });

  test('resources the scheduler does not count are left out: a name without a domain other than cpu, memory, ephemeral-storage and hugepages', () => {
    expect([...podRequests({ containers: [{ resources: { requests: { 'foo': '1', 'hugepages-2Mi': '4Mi', 'example.com/dongle': '2' } } }] }).keys()].sort())
      .toEqual(['example.com/dongle', 'hugepages-2Mi']);
  });

  test('nano-units: exact, rounded up, huge values capped', () => {
    expect(nanoUnits('1')).toBe(BigInt(10) ** BigInt(9));
    expect(nanoUnits('1.5Gi')).toBe(BigInt(3 * 2 ** 29) * BigInt(10) ** BigInt(9));
    expect(nanoUnits('0.0000000001')).toBe(BigInt(1));
    expect(nanoUnits('1e99999')).toBe(BigInt(10) ** BigInt(30));
    expect(nanoUnits('x')).toBeUndefined();
  });

  test('amounts as people read them', () => {
    expect([formatAmount('cpu', 4000), formatAmount('cpu', 350), formatAmount('memory', 3 * 2 ** 30), formatAmount('memory', 1000), formatAmount('nvidia.com/gpu', 2)])
      .toEqual(['4', '350m', '3Gi', '1000', '2']);
  });
});

describe('NodeResourcesFit', () => {
  const load = (allocatable: { [k: string]: string }, pods: any[] = []) => {
    const l = new NodeLoad('n', nodeCapacity(node('n', allocatable)));
    ClusterInventory.fromNodeList([node('n', allocatable)]).withPods(pods)._loads().get('n')!.pods.forEach(p => l.add(p));
    return l;
  };

  test('cpu: exactly the free amount fits; one millicore more is Insufficient cpu, with the numbers', () => {
    const l = load(WORKER, [pod('web', 'n', { requests: { cpu: '3650m' } })]);
    expect(misfits(new Map([['cpu', 350]]), [], l)).toEqual([]);
    expect(misfits(new Map([['cpu', 351]]), [], l)).toEqual([{ reason: 'Insufficient cpu', detail: 'Insufficient cpu: requests 351m, 350m free of 4' }]);
  });

  test('memory and an extended resource the node does not have', () => {
    const l = load(WORKER, [pod('web', 'n', { requests: { memory: '6Gi' } })]);
    expect(misfits(new Map([['memory', 2 * 2 ** 30]]), [], l)).toEqual([]);
    expect(misfits(new Map([['memory', 2 * 2 ** 30 + 1], ['nvidia.com/gpu', 1]]), [], l).map(m => m.detail)).toEqual([
      `Insufficient memory: requests ${2 * 2 ** 30 + 1}, 2Gi free of 8Gi`,
      'Insufficient nvidia.com/gpu: requests 1, 0 free of 0',
    ]);
  });

  test('the pod count: the 110th pod fits, the 111th is Too many pods, even with no requests', () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(`p${i}`, 'n'));
    expect(misfits(new Map(), [], load(WORKER, pods(109)))).toEqual([]);
    expect(misfits(new Map(), [], load(WORKER, pods(110))).map(m => m.reason)).toEqual(['Too many pods']);
  });

  test('found by the scheduler conformance: a node already over-committed refuses a pod requesting zero cpu, unless the pod requests nothing at all', () => {
    const l = load(WORKER, [pod('static', 'n', { requests: { cpu: '4100m' } })]);
    expect(misfits(new Map([['memory', 2 ** 30]]), [], l).map(m => m.detail)).toEqual(['Insufficient cpu: requests 0, 0 free of 4']);
    expect(misfits(new Map([['example.com/gpu', 0]]), [], l).map(m => m.reason)).toEqual(['Insufficient cpu']); // a scalar named, even at zero
    expect(misfits(new Map(), [], l)).toEqual([]);
    expect(misfits(new Map([['cpu', 0], ['memory', 0]]), [], l)).toEqual([]);
  });

  test('found by the scheduler conformance: requests and limits given as one object count once', () => {
    const list = { cpu: '1' };
    expect(Object.fromEntries(podRequests({ containers: [{ resources: { requests: list, limits: list } }] }))).toEqual({ cpu: 1000 });
  });

  test('a node without status.allocatable: resources are not judged (nothing known), host ports still are', () => {
    const l = new NodeLoad('n', nodeCapacity(node('n')));
    expect(misfits(new Map([['cpu', 10 ** 9]]), [], l)).toEqual([]);
  });

  test('finished pods (Succeeded, Failed) and pods of other nodes take nothing', () => {
    const l = ClusterInventory.fromNodeList([node('n', WORKER), node('m', WORKER)])
      .withPods([pod('done', 'n', { requests: { cpu: '4' }, phase: 'Succeeded' }), pod('failed', 'n', { requests: { cpu: '4' }, phase: 'Failed' }), pod('other', 'm', { requests: { cpu: '4' } })])
      ._loads().get('n')!;
    expect(misfits(new Map([['cpu', 4000]]), [], l)).toEqual([]);
  });
});

describe('the filters\' edges, each on both sides (issue 23: a hand mutation audit found them untested)', () => {
  const loadOf = (allocatable: { [k: string]: string }, pods: any[] = []) => ClusterInventory.fromNodeList([node('n', allocatable)]).withPods(pods)._loads().get('n')!;

  test('fits agrees with misfits at the pod count: the 110th pod fits, the 111th does not', () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(`p${i}`, 'n'));
    expect(fits(new Map(), [], loadOf(WORKER, pods(109)))).toBe(true);
    expect(fits(new Map(), [], loadOf(WORKER, pods(110)))).toBe(false);
  });

  test('a scalar resource requested at zero is no constraint, even on a node already over-committed on it', () => {
    const l = loadOf({ ...WORKER, 'example.com/gpu': '1' }, [pod('a', 'n', { requests: { 'example.com/gpu': '2' } })]);
    expect(fits(new Map([['example.com/gpu', 0]]), [], l)).toBe(true);
    expect(fits(new Map([['example.com/gpu', 1]]), [], l)).toBe(false);
    // misfits names only what fails: the cpu, not the gpu asked at zero
    expect(misfits(new Map([['cpu', 5000], ['example.com/gpu', 0]]), [], l).map(m => m.reason)).toEqual(['Insufficient cpu']);
  });

  test('which resources the scheduler counts (framework.Resource.Add): native, hugepages, attachable volumes, prefixed native, extended', () => {
    // a name with kubernetes.io/ is prefixed native, counted even when it starts with requests.
    for (const name of ['cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi', 'attachable-volumes-aws-ebs', 'kubernetes.io/batteries', 'example.com/gpu', 'requests.kubernetes.io/batteries']) {
      expect({ name, counted: countedResource(name) }).toEqual({ name, counted: true });
    }
    for (const name of ['pods', 'storage', 'requests.example.com/gpu']) {
      expect({ name, counted: countedResource(name) }).toEqual({ name, counted: false });
    }
  });

  test('host ports after API defaulting: an empty protocol is TCP, an empty host IP 0.0.0.0, hostPort 0 is none (the container port on the host network)', () => {
    expect(podHostPorts({ containers: [{ ports: [{ containerPort: 80, hostPort: 8080, protocol: '', hostIP: '' }] }] })).toEqual([{ hostIP: '0.0.0.0', protocol: 'TCP', port: 8080 }]);
    expect(podHostPorts({ containers: [{ ports: [{ containerPort: 80, hostPort: 0 }] }] })).toEqual([]);
    expect(podHostPorts({ hostNetwork: true, containers: [{ ports: [{ containerPort: 80, hostPort: 0 }] }] })).toEqual([{ hostIP: '0.0.0.0', protocol: 'TCP', port: 80 }]);
    expect(podHostPorts({ containers: [{ ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }] }] })).toEqual([{ hostIP: '10.0.0.1', protocol: 'UDP', port: 53 }]);
  });

  test('removing a pod that is not on the node changes nothing', () => {
    const l = loadOf(WORKER, [pod('a', 'n', { requests: { cpu: '1' } }), pod('b', 'n', { requests: { cpu: '2' } })]);
    const [stranger] = loadOf(WORKER, [pod('c', 'n', { requests: { cpu: '1' } })]).pods;
    l.remove(stranger);
    expect(l.pods.map(p => p.ref)).toEqual(['default/a', 'default/b']);
    expect(l.requested.get('cpu')).toBe(3000);
  });

  test('amounts: zero bytes are 0, not 0Ti', () => {
    expect(formatAmount('memory', 0)).toBe('0');
    expect(formatAmount('memory', 2 ** 40)).toBe('1Ti');
    expect(formatAmount('cpu', 0)).toBe('0');
  });

  test('amounts: ephemeral storage and hugepages in binary units too; other resources as counts', () => {
    expect(formatAmount('ephemeral-storage', 3 * 2 ** 30)).toBe('3Gi');
    expect(formatAmount('hugepages-2Mi', 4 * 2 ** 20)).toBe('4Mi');
    expect(formatAmount('hugepages-1Gi', 2 ** 30 + 2 ** 10)).toBe('1048577Ki');
    expect(formatAmount('example.com/gpu', 1024)).toBe('1024');
    expect(formatAmount('attachable-volumes-aws-ebs', 2 ** 20)).toBe('1048576');
  });

  test('Too many pods: said when the node\'s pod count is reached, not one before', () => {
    const atLimit = loadOf({ cpu: '4', memory: '8Gi', pods: '2' }, [pod('a', 'n'), pod('b', 'n')]);
    expect(misfits(new Map(), [], atLimit).map(m => m.detail)).toEqual(['Too many pods: 2 of 2 already run there']);
    const below = loadOf({ cpu: '4', memory: '8Gi', pods: '2' }, [pod('a', 'n')]);
    expect(misfits(new Map(), [], below)).toEqual([]);
    // one below the count, Pending for cpu: the pod count is not among the reasons
    expect(misfits(new Map([['cpu', 5000]]), [], below).map(m => m.reason)).toEqual(['Insufficient cpu']);
  });

  test('a held host port names the pods that hold it, and only those', () => {
    const l = loadOf(WORKER, [pod('dns', 'n', { hostPort: 53, protocol: 'UDP' }), pod('web', 'n', { hostPort: 8080 }), pod('other', 'n', { hostPort: 53 })]);
    const wanted = podHostPorts({ containers: [{ ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }] });
    expect(misfits(new Map(), wanted, l).map(m => m.detail)).toEqual([
      'node(s) didn\'t have free ports for the requested pod ports: host port 53/UDP held by default/dns',
    ]);
  });
});

describe('NodePorts', () => {
  const held = (opts: { hostIP?: string; protocol?: string }) => {
    const [l] = ClusterInventory.fromNodeList([node('n', WORKER)]).withPods([pod('holder', 'n', { hostPort: 9100, ...opts })])._loads().values();
    return l;
  };
  const want = (hostIP = '0.0.0.0', protocol = 'TCP', port = 9100) => [{ hostIP, protocol, port }];

  test.each([
    ['the same port and protocol, any address', {}, want(), true],
    ['another protocol', {}, want('0.0.0.0', 'UDP'), false],
    ['another port', {}, want('0.0.0.0', 'TCP', 9101), false],
    ['a specific address against 0.0.0.0 held', {}, want('10.0.0.1'), true],
    ['0.0.0.0 against a specific address held', { hostIP: '10.0.0.1' }, want(), true],
    ['two different specific addresses', { hostIP: '10.0.0.1' }, want('10.0.0.2'), false],
    ['the same specific address', { hostIP: '10.0.0.1' }, want('10.0.0.1'), true],
  ])('%s', (_what, holder, wanted, conflict) => {
    const m = misfits(new Map(), wanted, held(holder));
    expect(m.length > 0).toBe(conflict);
    if (conflict) { expect(m[0].detail).toBe('node(s) didn\'t have free ports for the requested pod ports: host port 9100/TCP held by default/holder'); }
  });

  test('defaults: protocol TCP, host IP 0.0.0.0, and on the host network a host port equal to the container port; init containers take none', () => {
    const spec = {
      hostNetwork: true,
      containers: [{ ports: [{ containerPort: 9100 }] }],
      initContainers: [{ ports: [{ containerPort: 80, hostPort: 80 }] }],
    };
    expect(podHostPorts(spec))
      .toEqual([{ hostIP: '0.0.0.0', protocol: 'TCP', port: 9100 }]);
    expect(podHostPorts({ containers: [{ ports: [{ containerPort: 9100 }] }] })).toEqual([]);
  });
});

describe('preemption', () => {
  const loadOf = (pods: any[]) => ClusterInventory.fromNodeList([node('n', WORKER)]).withPods(pods)._loads().get('n')!;

  test('evicts the fewest lower-priority pods, sparing the most important first; leaves the load as it was', () => {
    const l = loadOf([
      pod('low-old', 'n', { requests: { cpu: '1' }, priority: 10, startTime: '2026-01-01T00:00:00Z' }),
      pod('low-new', 'n', { requests: { cpu: '1' }, priority: 10, startTime: '2026-06-01T00:00:00Z' }),
      pod('mid', 'n', { requests: { cpu: '1' }, priority: 100 }),
      pod('high', 'n', { requests: { cpu: '1' }, priority: 2000 }),
    ]);
    // one core: mid is spared first (higher priority), then low-old (started earlier); low-new goes
    expect(preemptionVictims(new Map([['cpu', 1000]]), [], 1000, l)!.map(v => v.ref)).toEqual(['default/low-new']);
    // one and a half: mid is spared; both of priority 10 go, in the order they were tried
    expect(preemptionVictims(new Map([['cpu', 1500]]), [], 1000, l)!.map(v => v.ref)).toEqual(['default/low-old', 'default/low-new']);
    expect(l.pods.length).toBe(4);
    expect(l.requested.get('cpu')).toBe(4000);
  });

  test('none when no pod has a lower priority, or when evicting all of them would not make room', () => {
    expect(preemptionVictims(new Map([['cpu', 1000]]), [], 0, loadOf([pod('a', 'n', { requests: { cpu: '4' }, priority: 0 })]))).toBeUndefined();
    expect(preemptionVictims(new Map([['cpu', 3000]]), [], 100, loadOf([pod('a', 'n', { requests: { cpu: '2' }, priority: 10 }), pod('b', 'n', { requests: { cpu: '2' }, priority: 200 })]))).toBeUndefined();
  });

  test('a host port held by a lower-priority pod: preemption frees it', () => {
    const l = loadOf([pod('old-exporter', 'n', { hostPort: 9100, priority: 0 })]);
    expect(preemptionVictims(new Map(), [{ hostIP: '0.0.0.0', protocol: 'TCP', port: 9100 }], 1, l)!.map(v => v.ref)).toEqual(['default/old-exporter']);
  });

  test('found by the scheduler conformance: removing one of two pods that hold one host port frees it, as the scheduler\'s port set does', () => {
    // two pods bound without the scheduler hold 9100: a of a higher priority than the daemon pod, b of a lower one
    const l = loadOf([pod('a', 'n', { hostPort: 9100, priority: 5000 }), pod('b', 'n', { hostPort: 9100, priority: 0 })]);
    // the scheduler removes b, finds the port free (its set forgot a's claim), and evicts b, as ours does
    expect(preemptionVictims(new Map(), [{ hostIP: '0.0.0.0', protocol: 'TCP', port: 9100 }], 1000, l)!.map(v => v.ref)).toEqual(['default/b']);
  });

  test('priorities as the Priority admission plugin (1.27) sets them: built-in classes, the cluster\'s, the global default (the lowest if several)', () => {
    const resolve = priorityResolver([
      { kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000, preemptionPolicy: 'Never' },
      { kind: 'PriorityClass', metadata: { name: 'default-b' }, value: 7, globalDefault: true },
      { kind: 'PriorityClass', metadata: { name: 'default-a' }, value: 5, globalDefault: true },
      { kind: 'PriorityClass', metadata: { name: 'default-c' }, value: 5, globalDefault: true },
      { kind: 'PriorityClass', metadata: { name: 'no-value' }, globalDefault: true },
    ]);
    expect(resolve({ priorityClassName: 'system-node-critical' })).toEqual({ value: 2000001000, preemptionPolicy: 'PreemptLowerPriority', className: 'system-node-critical', refusedPolicy: undefined });
    expect(resolve({ priorityClassName: 'agents' })).toEqual({ value: 1000, preemptionPolicy: 'Never', className: 'agents', refusedPolicy: undefined });
    // several global defaults (a race the plugin allows): the lowest value, the first of equals; an empty name is no name
    expect(resolve({})).toEqual({ value: 5, preemptionPolicy: 'PreemptLowerPriority', className: 'default-a', refusedPolicy: undefined });
    expect(resolve({ priorityClassName: '' })).toEqual(resolve({}));
    // an unknown class: no value, no class (the plugin refuses the pod before it reads the policy)
    expect(resolve({ priorityClassName: 'nope', preemptionPolicy: 'Never' })).toEqual({ value: 0, preemptionPolicy: 'Never', className: undefined, refusedPolicy: undefined });
    expect(priorityResolver([])({})).toEqual({ value: 0, preemptionPolicy: 'PreemptLowerPriority', className: undefined, refusedPolicy: undefined });
  });

  test('the pod\'s own preemptionPolicy must repeat its class\'s, or the plugin refuses the pod: the class\'s counts', () => {
    const resolve = priorityResolver([
      { kind: 'PriorityClass', metadata: { name: 'agents' }, value: 1000, preemptionPolicy: 'Never' },
      { kind: 'PriorityClass', metadata: { name: 'plain' }, value: 10 },
    ]);
    expect(resolve({ priorityClassName: 'agents', preemptionPolicy: 'Never' })).toMatchObject({ preemptionPolicy: 'Never', refusedPolicy: undefined });
    expect(resolve({ priorityClassName: 'agents', preemptionPolicy: 'PreemptLowerPriority' })).toMatchObject({ preemptionPolicy: 'Never', refusedPolicy: 'PreemptLowerPriority' });
    // a class without a policy has the API server's default, PreemptLowerPriority
    expect(resolve({ priorityClassName: 'plain', preemptionPolicy: 'Never' })).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority', refusedPolicy: 'Never' });
    expect(resolve({ priorityClassName: 'system-node-critical', preemptionPolicy: 'Never' })).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority', refusedPolicy: 'Never' });
    expect(resolve({ preemptionPolicy: 'Never' })).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority', refusedPolicy: 'Never' });
    expect(resolve({ preemptionPolicy: 'PreemptLowerPriority' })).toMatchObject({ refusedPolicy: undefined });
    expect(priorityResolver([{ kind: 'PriorityClass', metadata: { name: 'd' }, value: 1, globalDefault: true, preemptionPolicy: 'Never' }])({ preemptionPolicy: 'Never' }))
      .toEqual({ value: 1, preemptionPolicy: 'Never', className: 'd', refusedPolicy: undefined });
  });
});

describe('Placement.preview: runs, Pending, or preempting, per node', () => {
  const nodes = [node('a', WORKER), node('b', WORKER)];
  const pods = [pod('web-a', 'a', { requests: { cpu: '3500m' } }), pod('web-b', 'b', { requests: { cpu: '1' } })];

  test('a node without room keeps the pod Pending, in the scheduler\'s words, and says what would preempt', () => {
    const report = Placement.preview([daemonSet('agent', { cpu: '1' })], inventory(nodes, pods));
    expect(report.daemonSets[0]).toMatchObject({ desired: 2, pending: 1, priority: 0 });
    expect(onNode(report, 0, 'a')).toMatchObject({
      shouldRun: true,
      pendingReasons: [
        'Insufficient cpu: requests 1, 500m free of 4',
        'no preemption: no pod on the node has a priority below 0; priorityClassName system-node-critical lets a node agent evict lower-priority pods',
      ],
      preempts: [],
    });
    expect(onNode(report, 0, 'b')).toMatchObject({ shouldRun: true, pendingReasons: [], preempts: [] });
  });

  test('system-node-critical: the pod preempts the lower-priority pod instead', () => {
    const report = Placement.preview([daemonSet('agent', { cpu: '1' }, { priorityClassName: 'system-node-critical' })], inventory(nodes, pods));
    expect(report.daemonSets[0]).toMatchObject({ pending: 0, priority: 2000001000 });
    expect(onNode(report, 0, 'a')).toMatchObject({ pendingReasons: [], preempts: ['default/web-a'] });
  });

  test('a pod preempted by one DaemonSet is gone for the next: the second fits in the room it left, and preempts nothing', () => {
    const critical = { priorityClassName: 'system-node-critical' };
    const report = Placement.preview([daemonSet('first', { cpu: '1' }, critical), daemonSet('second', { cpu: '2' }, critical)], inventory(nodes, pods));
    expect(onNode(report, 0, 'a')).toMatchObject({ pendingReasons: [], preempts: ['default/web-a'] });
    // 4 - 1 (first) = 3 free once web-a is gone: the second fits without evicting anything more
    expect(onNode(report, 1, 'a')).toMatchObject({ pendingReasons: [], preempts: [] });
  });

  test('preemptionPolicy Never (from its PriorityClass in the manifests): Pending, and it says why', () => {
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 1000000, preemptionPolicy: 'Never' };
    const report = Placement.preview([pc, daemonSet('agent', { cpu: '1' }, { priorityClassName: 'polite' })], inventory(nodes, pods));
    expect(onNode(report, 0, 'a').pendingReasons).toEqual(['Insufficient cpu: requests 1, 500m free of 4', 'no preemption: preemptionPolicy is Never']);
  });

  test('its own pod on the node is replaced, not added to', () => {
    const running = [pod('agent-x', 'a', { requests: { cpu: '3' }, namespace: 'agents', daemonSet: 'agent' })];
    expect(onNode(Placement.preview([daemonSet('agent', { cpu: '3' })], inventory(nodes, running)), 0, 'a').pendingReasons).toEqual([]);
    // another DaemonSet's pod of the same name in another namespace is not its own
    const elsewhere = [pod('agent-x', 'a', { requests: { cpu: '3' }, namespace: 'other', daemonSet: 'agent' })];
    expect(onNode(Placement.preview([daemonSet('agent', { cpu: '3' })], inventory(nodes, elsewhere)), 0, 'a').pendingReasons[0]).toBe('Insufficient cpu: requests 3, 1 free of 4');
  });

  test('a DaemonSet written without a namespace is in default: its pods there are its own; one without a name is <unnamed>', () => {
    const unnamespaced = daemonSet('agent', { cpu: '3' });
    delete unnamespaced.metadata.namespace;
    const running = [pod('agent-x', 'a', { requests: { cpu: '3' }, namespace: 'default', daemonSet: 'agent' })];
    const report = Placement.preview([unnamespaced], inventory(nodes, running));
    expect(onNode(report, 0, 'a').pendingReasons).toEqual([]);
    expect(report.daemonSets[0]).toMatchObject({ name: 'agent', namespace: undefined, pending: 0 });
    const unnamed = daemonSet('agent', { cpu: '1' });
    delete unnamed.metadata.name;
    expect(Placement.preview([unnamed], inventory(nodes)).daemonSets[0]).toMatchObject({ name: '<unnamed>', namespace: 'agents', desired: 2 });
  });

  test('the same DaemonSet given twice: the second replaces the first\'s pods, it does not compete with them', () => {
    const report = Placement.preview([daemonSet('agent', { cpu: '3' }), daemonSet('agent', { cpu: '3' })], inventory([node('a', WORKER)]));
    expect(report.daemonSets.map(ds => ds.pending)).toEqual([0, 0]);
  });

  test('daemon pods take room from each other: higher priority first, then in manifest order', () => {
    const report = Placement.preview([
      daemonSet('first', { cpu: '2' }),
      daemonSet('second', { cpu: '2' }),
      daemonSet('critical', { cpu: '1' }, { priorityClassName: 'system-cluster-critical' }),
    ], inventory([node('a', WORKER)]));
    expect(report.daemonSets.map(ds => [ds.name, ds.pending])).toEqual([['first', 0], ['second', 1], ['critical', 0]]);
    expect(onNode(report, 1, 'a').pendingReasons[0]).toBe('Insufficient cpu: requests 2, 1 free of 4');
  });

  test('a host port held by another pod: Pending, naming the holder', () => {
    const report = Placement.preview([daemonSet('exporter', {}, { hostNetwork: true, containers: [{ name: 'e', image: 'x:1', ports: [{ containerPort: 9100 }] }] })],
      inventory([node('a', WORKER)], [pod('old-exporter', 'a', { hostPort: 9100, priority: 10 })]));
    expect(onNode(report, 0, 'a').pendingReasons[0]).toBe('node(s) didn\'t have free ports for the requested pod ports: host port 9100/TCP held by default/old-exporter');
  });

  test('a NodeDaemon through the typed API, on the sample cluster with its running pods', () => {
    const chart = new Chart(Testing.app(), 'c');
    new NodeDaemon(chart, 'big', { image: IMAGE, resources: { cpuRequest: '3' } });
    const report = Placement.preview(chart);
    expect(report.daemonSets[0].pending).toBe(3);
    expect(onNode(report, 0, 'kind-worker').pendingReasons[0]).toBe('Insufficient cpu: requests 3, 2700m free of 3800m');
    expect(onNode(report, 0, 'kind-worker3').pendingReasons[0]).toBe('Insufficient cpu: requests 3, 2800m free of 3800m');
  });
});

describe('a surge rollout needs room for two pods at once', () => {
  const surging = (cpu: string, maxSurge: any, extra: any = {}) => ({
    ...daemonSet('agent', { cpu }, extra),
    spec: { ...daemonSet('agent', { cpu }, extra).spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } } },
  });

  test('two pods of 1.5 cores fit a node with 3 free; of 1.6, the surge pod has no room', () => {
    const cluster = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    expect(onNode(Placement.preview([surging('1500m', 1)], cluster), 0, 'a').surgeReasons).toEqual([]);
    expect(onNode(Placement.preview([surging('1600m', 1)], cluster), 0, 'a')).toMatchObject({
      pendingReasons: [], surgeReasons: ['Insufficient cpu: requests 1600m, 1400m free of 4'],
    });
  });

  test('without a surge (maxSurge 0, "0%", absent, or OnDelete) nothing is said', () => {
    const cluster = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    for (const maxSurge of [0, '0%', undefined]) {
      expect(onNode(Placement.preview([surging('1600m', maxSurge)], cluster), 0, 'a').surgeReasons).toEqual([]);
    }
    const onDelete = { ...daemonSet('agent', { cpu: '1600m' }), spec: { ...daemonSet('agent', { cpu: '1600m' }).spec, updateStrategy: { type: 'OnDelete' } } };
    expect(onNode(Placement.preview([onDelete], cluster), 0, 'a').surgeReasons).toEqual([]);
    // the type absent is RollingUpdate, Kubernetes' default: it surges
    const untyped = { ...daemonSet('agent', { cpu: '1600m' }), spec: { ...daemonSet('agent', { cpu: '1600m' }).spec, updateStrategy: { rollingUpdate: { maxSurge: '10%' } } } };
    expect(onNode(Placement.preview([untyped], cluster), 0, 'a').surgeReasons).toHaveLength(1);
  });

  test('a surge pod that may preempt lower-priority pods has room', () => {
    const cluster = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    expect(onNode(Placement.preview([surging('1600m', 1, { priorityClassName: 'system-node-critical' })], cluster), 0, 'a').surgeReasons).toEqual([]);
  });

  test('check: surge-no-room, an error on the real cluster, resources only (host ports are surge-deadlock\'s)', () => {
    const cluster = inventory([node('a', WORKER), node('b', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    const found = checkManifests([{ file: 'f.yaml', object: surging('1600m', 1) }], cluster, { runningPods: true }).filter(f => f.rule === 'surge-no-room');
    expect(found.map(f => `${f.severity}: ${f.problem}`)).toEqual([
      'error: surges a second pod onto each node, but 1 of its 2 nodes have no room for both at once, so the new pod stays Pending there and the rollout stalls: a: Insufficient cpu: requests 1600m, 1400m free of 4',
    ]);
    const ports = surging('10m', 1, { hostNetwork: true, containers: [{ name: 'e', image: 'x:1', ports: [{ containerPort: 9100 }] }] });
    const rules = checkManifests([{ file: 'f.yaml', object: ports }], cluster, { runningPods: true }).map(f => f.rule);
    expect(rules).toContain('surge-deadlock');
    expect(rules).not.toContain('surge-no-room');
  });
});

describe('check: pod-pending and preemption', () => {
  const sourced = (...objects: any[]) => objects.map((object, i) => ({ file: `f${i}.yaml`, object }));
  const findings = (objects: any[], cluster: ClusterInventory, options = {}) =>
    checkManifests(sourced(...objects), cluster, options).filter(f => f.rule === 'pod-pending' || f.rule === 'preemption').map(f => `${f.severity} ${f.rule}: ${f.problem}`);
  const nodes = [node('a', WORKER), node('b', WORKER)];

  test('with the real nodes and pods: an error', () => {
    expect(findings([daemonSet('agent', { cpu: '1' })], inventory(nodes, [pod('web', 'a', { requests: { cpu: '3500m' } })]), { runningPods: true })).toEqual([
      'error pod-pending: its pod stays Pending on 1 of 2 nodes it is made for: a: Insufficient cpu: requests 1, 500m free of 4; no preemption: no pod on the node has a priority below 0; priorityClassName system-node-critical lets a node agent evict lower-priority pods',
    ]);
  });

  test('on the sample cluster, or real nodes without their pods: a warning, saying on what it was judged', () => {
    const big = daemonSet('agent', { cpu: '5' });
    expect(findings([big], ClusterInventory.sample(), { sampleCluster: true })[0]).toMatch(/^warning pod-pending: .* \(judged on the sample cluster's load\)$/);
    expect(findings([big], inventory(nodes), {})[0]).toMatch(/^warning pod-pending: .*Insufficient cpu: requests 5, 4 free of 4.* \(judged on empty nodes: give --pods for what runs on them\)$/);
  });

  test('a preempting node agent is a warning naming the pods it evicts; a pod that fits says nothing', () => {
    const critical = daemonSet('agent', { cpu: '1' }, { priorityClassName: 'system-node-critical' });
    expect(findings([critical], inventory(nodes, [pod('web', 'a', { requests: { cpu: '3500m' } })]), { runningPods: true }))
      .toEqual(['warning preemption: its pods evict lower-priority pods to make room (priority 2000001000): a: default/web']);
    expect(findings([daemonSet('agent', { cpu: '1' })], inventory(nodes), { runningPods: true })).toEqual([]);
  });
});

describe('ClusterInventory: pods and PriorityClasses from kubectl', () => {
  test('a PodList, a List, an array; refusals name what is wrong', () => {
    const nodes = ClusterInventory.fromNodeList([node('a', WORKER)]);
    expect(nodes.withPods({ kind: 'PodList', items: [pod('p', 'a')] }).pods.length).toBe(1);
    expect(nodes.withPods({ kind: 'List', items: [pod('p', 'a'), pod('q', 'elsewhere')] }).pods.length).toBe(1);
    expect(nodes.withPodsJson(JSON.stringify([pod('p', 'a')])).pods.length).toBe(1);
    expect(() => nodes.withPods({ kind: 'NodeList', items: [] })).toThrow("not a pod list: expected the output of 'kubectl get pods -A -o json' (kind List or PodList), got kind 'NodeList'");
    expect(() => nodes.withPods([node('a')])).toThrow('not a pod list: item 0 is kind \'Node\', not a Pod');
    expect(() => nodes.withPriorityClasses([{ kind: 'PriorityClass', metadata: { name: 'x' } }])).toThrow('not a priority class list: item 0 (\'x\') has no integer value');
  });

  test('the sample cluster has allocatable and running pods', () => {
    const sample = ClusterInventory.sample();
    expect(sample.nodes.every(n => n.status.allocatable.cpu)).toBe(true);
    expect(sample.pods.length).toBeGreaterThan(4);
  });
});

describe('preview and drain edges (issue 23: a hand mutation audit of placement found them untested)', () => {
  const PC = (name: string, value: number, extra: object = {}) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

  test('no preemption: the class is named; the system-node-critical hint only below its value', () => {
    const full = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '3500m' }, priority: 2000001000 })]);
    const critical = onNode(Placement.preview([daemonSet('agent', { cpu: '1' }, { priorityClassName: 'system-node-critical' })], full), 0, 'a');
    expect(critical.pendingReasons).toEqual(['Insufficient cpu: requests 1, 500m free of 4', 'no preemption: no pod on the node has a priority below 2000001000 (system-node-critical)']);
    const agents = onNode(Placement.preview([daemonSet('agent', { cpu: '1' }, { priorityClassName: 'agents' }), PC('agents', 2000001000 - 1)], full), 0, 'a');
    expect(agents.pendingReasons[1]).toBe('no preemption: no pod on the node has a priority below 2000000999 (agents); priorityClassName system-node-critical lets a node agent evict lower-priority pods');
  });

  test('no preemption when even evicting every lower-priority pod leaves too little room (issue 23: Stryker)', () => {
    const cluster = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    const critical = onNode(Placement.preview([daemonSet('agent', { cpu: '5' }, { priorityClassName: 'system-node-critical' })], cluster), 0, 'a');
    expect(critical.pendingReasons).toEqual(['Insufficient cpu: requests 5, 3 free of 4', 'no preemption: evicting every lower-priority pod on the node would still not make room']);
    expect(critical.preempts).toEqual([]);
    // one pod of higher priority beside the lower one: still "every lower-priority pod"
    const mixed = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } }), pod('db', 'a', { requests: { cpu: '1' }, priority: 2000001001 })]);
    expect(onNode(Placement.preview([daemonSet('agent', { cpu: '3500m' }, { priorityClassName: 'system-node-critical' })], mixed), 0, 'a').pendingReasons[1])
      .toBe('no preemption: evicting every lower-priority pod on the node would still not make room');
  });

  test('a surge pod of a class with preemptionPolicy Never may not preempt: the surge has no room', () => {
    const cluster = inventory([node('a', WORKER)], [pod('web', 'a', { requests: { cpu: '1' } })]);
    const surging = (className: string) => ({
      ...daemonSet('agent', { cpu: '1600m' }, { priorityClassName: className }),
      spec: { ...daemonSet('agent', { cpu: '1600m' }, { priorityClassName: className }).spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
    });
    expect(onNode(Placement.preview([surging('quiet'), PC('quiet', 1000, { preemptionPolicy: 'Never' })], cluster), 0, 'a').surgeReasons).toEqual(['Insufficient cpu: requests 1600m, 1400m free of 4']);
    expect(onNode(Placement.preview([surging('loud'), PC('loud', 1000)], cluster), 0, 'a').surgeReasons).toEqual([]);
  });

  test('drain: evicted pods find room higher priority first, whatever their order on the node', () => {
    const ownedPod = (name: string, priority: number) => {
      const p = pod(name, 'a', { requests: { cpu: '1500m' }, priority });
      p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-rs`, controller: true }];
      return p;
    };
    const cluster = inventory([node('a', WORKER), node('b', { cpu: '2', memory: '4Gi', pods: '110' })], [ownedPod('low', 0), ownedPod('high', 100)]);
    expect(Placement.drain([], 'a', cluster).evictedPods.map(p => [p.name, p.note.replace(/:.*/, '')])).toEqual([
      ['low', 'no other node can take it, so it stays Pending'],
      ['high', 'evicted; the scheduler can bind it again on b'],
    ]);
  });

  test('drain: the kind is the controller\'s (not the first owner reference\'s); a cluster of one node has no other', () => {
    const p = pod('web', 'a', { requests: { cpu: '1' } });
    p.metadata.ownerReferences = [null, { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-the-controller' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', controller: true }];
    expect(Placement.drain([], 'a', inventory([node('a', WORKER)], [p])).evictedPods.map(e => [e.kind, e.note])).toEqual([
      ['ReplicaSet', 'no other node can take it, so it stays Pending: the cluster has no other node'],
    ]);
    // owner references that are not a list are none: a bare Pod, not an error
    p.metadata.ownerReferences = { kind: 'ReplicaSet', controller: true };
    expect(Placement.drain([], 'a', inventory([node('a', WORKER)], [p])).evictedPods.map(e => e.kind)).toEqual(['Pod']);
    // the same in the manifests: a bare Pod, which needs --force
    const manifest = { ...p, spec: { ...p.spec } };
    expect(Placement.drain([manifest], 'a', inventory([node('a', WORKER)])).flags).toContain('--force');
  });
});

describe('drain: where the evicted pods go', () => {
  const WORKER_2 = { cpu: '2', memory: '4Gi', pods: '110' };
  const owned = (name: string, nodeName: string, cpu: string, kind = 'ReplicaSet', extra: PodOptions = {}) => {
    const p = pod(name, nodeName, { requests: { cpu }, ...extra });
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind, name: `${name}-owner`, controller: true }];
    return p;
  };

  test('each evicted pod finds another node with room, or stays Pending with every node\'s reason; daemon and static pods stay', () => {
    const cluster = inventory([node('a', WORKER_2), node('b', WORKER_2), node('c', WORKER_2)], [
      owned('big', 'a', '1500m'),
      owned('small', 'a', '500m'),
      owned('agent', 'a', '100m', 'DaemonSet'),
      owned('etcd', 'a', '100m', 'Node'),
      owned('busy-b', 'b', '1800m'),
      owned('busy-c', 'c', '1200m'),
    ]);
    const report = Placement.drain([], 'a', cluster);
    expect(report.evictedPods.map(p => [p.kind, p.name, p.note])).toEqual([
      ['ReplicaSet', 'big', 'no other node can take it, so it stays Pending: b: Insufficient cpu: requests 1500m, 200m free of 2 | c: Insufficient cpu: requests 1500m, 800m free of 2'],
      ['ReplicaSet', 'small', 'evicted; the scheduler can bind it again on c'],
    ]);
    expect(report.notes).toContain('1 of the 2 pods drain evicts find no other node with room and stay Pending: default/big');
  });

  test('a cordoned or tainted node takes no evicted pod; an evicted pod takes room from the next', () => {
    const cluster = inventory([node('a', WORKER_2), node('b', WORKER_2), node('c', WORKER_2)], [owned('x', 'a', '1500m'), owned('y', 'a', '1500m')]).cordon('b');
    const report = Placement.drain([], 'a', cluster);
    expect(report.evictedPods.map(p => p.note)).toEqual([
      'evicted; the scheduler can bind it again on c',
      expect.stringMatching(/^no other node can take it, so it stays Pending: b: untolerated taint node.kubernetes.io\/unschedulable:NoSchedule.* \| c: Insufficient cpu: requests 1500m, 500m free of 2$/),
    ]);
  });

  test('an evicted pod keeps its node selector and its emptyDir; a node that fails twice gives both reasons (issue 23: Stryker)', () => {
    // GIVEN: 'pinned' selects disktype=ssd, which only the drained node has; 'heavy' fits on no other node for cpu and memory
    const pinned = owned('pinned', 'a', '100m');
    pinned.spec.nodeSelector = { disktype: 'ssd' };
    pinned.spec.volumes = [{ name: 'scratch', emptyDir: {} }];
    const heavy = owned('heavy', 'a', '1', 'ReplicaSet');
    heavy.spec.containers[0].resources.requests.memory = '6Gi';
    const a = node('a', WORKER_2);
    a.metadata.labels.disktype = 'ssd';
    const cluster = inventory([a, node('b', WORKER_2)], [pinned, heavy]);

    // WHEN
    const report = Placement.drain([], 'a', cluster);

    // THEN
    expect(report.evictedPods.map(p => [p.name, p.emptyDir, p.note])).toEqual([
      ['pinned', true, 'no other node can take it, so it stays Pending: b: nodeSelector disktype=ssd: the node has no label disktype'],
      ['heavy', false, 'no other node can take it, so it stays Pending: b: Insufficient memory: requests 6Gi, 4Gi free of 4Gi'],
    ]);
    heavy.spec.containers[0].resources.requests.cpu = '3';
    expect(Placement.drain([], 'a', inventory([a, node('b', WORKER_2)], [heavy])).evictedPods[0].note)
      .toBe('no other node can take it, so it stays Pending: b: Insufficient cpu: requests 3, 2 free of 2; Insufficient memory: requests 6Gi, 4Gi free of 4Gi');
    expect(report.notes).toContain('2 of the 2 pods drain evicts find no other node with room and stay Pending: default/pinned, default/heavy');
  });

  test('without running pods in the inventory, nothing to say', () => {
    expect(Placement.drain([], 'a', inventory([node('a', WORKER_2)])).evictedPods).toEqual([]);
  });
});

describe('scheduler fit: edges the rules-scheduler mutation run found untested', () => {
  const loadOf = (pods: any[], allocatable: { [k: string]: string } = WORKER) =>
    ClusterInventory.fromNodeList([node('n', allocatable)]).withPods(pods)._loads().get('n')!;

  test('preemption spares the pod that started earlier first, whatever the order the pods are listed in; no start time counts as now', () => {
    // listed newest first; four cores, three used, two wanted: one of the three must go
    const l = loadOf([
      pod('june', 'n', { requests: { cpu: '1' }, priority: 10, startTime: '2026-06-01T00:00:00Z' }),
      pod('unknown', 'n', { requests: { cpu: '1' }, priority: 10 }),
      pod('january', 'n', { requests: { cpu: '1' }, priority: 10, startTime: '2026-01-01T00:00:00Z' }),
    ]);
    expect(preemptionVictims(new Map([['cpu', 2000]]), [], 1000, l)!.map(v => v.ref)).toEqual(['default/unknown']);
    // three wanted: two go, the later-started first tried, then the one without a start time
    expect(preemptionVictims(new Map([['cpu', 3000]]), [], 1000, l)!.map(v => v.ref)).toEqual(['default/june', 'default/unknown']);
  });

  test('no preemption where no pod has a lower priority, even when the pod fits', () => {
    expect(preemptionVictims(new Map([['cpu', 100]]), [], 1000, loadOf([]))).toBeUndefined();
    expect(preemptionVictims(new Map([['cpu', 100]]), [], 1000, loadOf([pod('equal', 'n', { priority: 1000 })]))).toBeUndefined();
  });

  test('an extended resource: a request equal to what is free fits, one more does not; a zero request ignores an over-committed one', () => {
    const gpu = { ...WORKER, 'nvidia.com/gpu': '2' };
    const l = loadOf([pod('a', 'n', { requests: { 'nvidia.com/gpu': '1' } })], gpu);
    expect(fits(new Map([['nvidia.com/gpu', 1]]), [], l)).toBe(true);
    expect(misfits(new Map([['nvidia.com/gpu', 2]]), [], l).map(m => m.detail)).toEqual(['Insufficient nvidia.com/gpu: requests 2, 1 free of 2']);
    // pods bound without the scheduler hold three of two
    const over = loadOf([pod('a', 'n', { requests: { 'nvidia.com/gpu': '3' } })], gpu);
    expect(fits(new Map([['nvidia.com/gpu', 0]]), [], over)).toBe(true);
    expect(fits(new Map([['nvidia.com/gpu', 1]]), [], over)).toBe(false);
  });

  test('cpu, memory and ephemeral-storage are checked even when the pod does not ask for them, once it asks for anything', () => {
    for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
      // the node is over-committed in this one resource by pods bound without the scheduler
      const over = loadOf([pod('a', 'n', { requests: { [name]: name === 'cpu' ? '5' : '9Gi' } })], { ...WORKER, 'ephemeral-storage': '8Gi', 'example.com/x': '1' });
      const other = name === 'cpu' ? 'memory' : 'cpu';
      expect({ name, reasons: misfits(new Map([[other, 1]]), [], over).map(m => m.reason) }).toEqual({ name, reasons: [`Insufficient ${name}`] });
      expect({ name, reasons: misfits(new Map([['example.com/x', 1]]), [], over).map(m => m.reason) }).toEqual({ name, reasons: [`Insufficient ${name}`] });
    }
  });

  test('insufficient scalar resources are named in the order of their names, not of the requests', () => {
    const l = loadOf([]);
    expect(misfits(new Map([['nvidia.com/gpu', 1], ['example.com/fpga', 1]]), [], l).map(m => m.reason))
      .toEqual(['Insufficient example.com/fpga', 'Insufficient nvidia.com/gpu']);
  });

  test('quantities written as YAML numbers count as their text (cpu: 2 is two cores)', () => {
    expect(podRequests({ containers: [{ resources: { requests: { 'cpu': 2, 'memory': 1024, 'nvidia.com/gpu': 1 } } }] }))
      .toEqual(new Map([['cpu', 2000], ['memory', 1024], ['nvidia.com/gpu', 1]]));
    expect(nodeCapacity({ status: { allocatable: { cpu: 4, pods: 110 } } })).toEqual({ allocatable: new Map([['cpu', 4000]]), pods: 110 });
  });

  test('a limit without a request requests the limit, beside requests of other resources', () => {
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '100m' }, limits: { cpu: '1', memory: '1Gi' } } }] }))
      .toEqual(new Map([['cpu', 100], ['memory', 2 ** 30]]));
  });

  test('malformed specs and nodes (as check may read them) count as nothing, never throw', () => {
    expect(podRequests({ containers: [null, { resources: null }, { resources: { requests: null, limits: 'x' } }], initContainers: [null], overhead: null })).toEqual(new Map());
    expect(podRequests(undefined)).toEqual(new Map());
    expect(podHostPorts({ hostNetwork: true, containers: [null, { ports: [null, { name: 'no-port' }, { containerPort: '80' }, { hostPort: '9100' }] }] })).toEqual([]);
    expect(podHostPorts(undefined)).toEqual([]);
    expect(nodeCapacity(null)).toEqual({});
    expect(nodeCapacity({ metadata: { name: 'n' } })).toEqual({});
    expect(nodeCapacity({ status: { allocatable: 'x' } })).toEqual({});
    expect(nodeCapacity({ status: { allocatable: { cpu: 'lots', pods: '110' } } })).toEqual({ allocatable: new Map(), pods: 110 });
  });

  test('preemption for the pod count: removing a pod frees a place; a pod tried back and refused is removed again', () => {
    // two places, both taken: one of the two lower-priority pods must go
    const full = loadOf([pod('a', 'n', { priority: 1, startTime: '2026-01-01T00:00:00Z' }), pod('b', 'n', { priority: 1, startTime: '2026-02-01T00:00:00Z' })], { ...WORKER, pods: '2' });
    expect(preemptionVictims(new Map(), [], 1000, full)!.map(v => v.ref)).toEqual(['default/b']);
    // the older, bigger pod cannot be spared; once it is out again, the newer small one can
    const l = loadOf([
      pod('big', 'n', { requests: { cpu: '2' }, priority: 10, startTime: '2026-01-01T00:00:00Z' }),
      pod('small', 'n', { requests: { cpu: '500m' }, priority: 10, startTime: '2026-02-01T00:00:00Z' }),
    ]);
    expect(preemptionVictims(new Map([['cpu', 2500]]), [], 1000, l)!.map(v => v.ref)).toEqual(['default/big']);
  });

  test('priority classes and pod specs that are not what the API allows count as absent', () => {
    // first in the list: a global default without a value is no class at all
    const resolve = priorityResolver([null, { metadata: null, value: 1 }, { metadata: { name: 'no-value' }, globalDefault: true }, { metadata: { name: 'ok' }, value: 3 }]);
    const none = { value: 0, preemptionPolicy: 'PreemptLowerPriority', className: undefined, refusedPolicy: undefined };
    expect(resolve({})).toEqual(none);
    expect(resolve(undefined)).toEqual(none);
    expect(resolve({ priorityClassName: 'no-value' })).toEqual(none);
    expect(resolve({ priorityClassName: 5, preemptionPolicy: 5 })).toEqual(none);
    expect(resolve({ priorityClassName: 'ok' })).toEqual({ ...none, value: 3, className: 'ok' });
  });

  test('the host ports reason names the ports taken and the pods that hold them, not the others', () => {
    const twoPorts = pod('a', 'n');
    twoPorts.spec.containers[0].ports = [{ containerPort: 9100, hostPort: 9100 }, { containerPort: 7000, hostPort: 7000 }];
    const l = loadOf([twoPorts, pod('b', 'n', { hostPort: 8080 }), pod('c', 'n', { hostPort: 9200 })]);
    const wanted = [9100, 9200, 9300].map(port => ({ hostIP: '0.0.0.0', protocol: 'TCP', port }));
    expect(misfits(new Map(), wanted, l).map(m => m.detail)).toEqual([`${PORTS_REASON}: host port 9100/TCP, 9200/TCP held by default/a, default/c`]);
  });

  test('pods without a node (or without a spec) take nothing from any node', () => {
    const inv = ClusterInventory.fromNodeList([node('n', WORKER)]).withPods([{ kind: 'Pod', metadata: { name: 'bare' } }, pod('pending', '')]);
    expect(inv._loads().get('n')!.pods).toEqual([]);
  });

  test('the pods of one DaemonSet on a node are its own, not every pod there', () => {
    const l = loadOf([pod('a-1', 'n', { daemonSet: 'a' }), pod('b-1', 'n', { daemonSet: 'b' }), pod('bare', 'n')]);
    expect(l.ofDaemonSet('default/a').map(p => p.ref)).toEqual(['default/a-1']);
    expect(l.ofDaemonSet('default/c')).toEqual([]);
  });
});
