/**
 * The rule functions of `src/rules` that NodeDaemon's app-wide checks and `check` share, called
 * directly on plain Kubernetes JSON: each branch on both sides, each Kubernetes default with the
 * field absent.
 */
import { HostPathSharing } from '../../src';
import { DaemonSetEntry, hostClashes, hostPortsOf, nodeSelectionOf, writableHostPathsOf } from '../../src/rules/host-clashes';
import { declaredShared, sharedByDesign, sharedPair } from '../../src/rules/host-path-sharing';
import { eksFargateRefusals, gkeAutopilotRefusals, windowsNodesRefusals } from '../../src/rules/platform-rules';
import { isZeroIntOrPercent, surgeDeadlock, surges } from '../../src/rules/rollout-rules';
import { SelectorEntry, selectorOverlaps } from '../../src/rules/selector-overlaps';

const rolling = (maxSurge: unknown, type: string | undefined = 'RollingUpdate') => ({ type, rollingUpdate: { maxSurge, maxUnavailable: 0 } });
const pod = (ports: any[], extra: any = {}) => ({ containers: [{ name: 'agent', image: 'x:1', ports }], ...extra });

describe('isZeroIntOrPercent', () => {
  test.each([
    [undefined, true], [null, true], [0, true], ['0', true], ['0%', true], ['00%', true], ['0.0%', true], ['0.%', true],
    [1, false], [-1, false], ['1', false], ['1%', false], ['10%', false], ['100%', false], ['0.5%', false], ['%', false], ['', false], ['x0%', false], ['0%x', false],
  ])('%p is zero: %p', (value, zero) => expect(isZeroIntOrPercent(value)).toBe(zero));
});

describe('surges', () => {
  test('RollingUpdate with maxSurge above zero surges; type absent is RollingUpdate (Kubernetes\' default)', () => {
    expect(surges(rolling(1))).toBe(true);
    expect(surges(rolling('10%', undefined))).toBe(true);
    expect(surges({ rollingUpdate: { maxSurge: 1 } })).toBe(true);
  });
  test('no surge: maxSurge zero or absent, OnDelete, no strategy at all', () => {
    expect(surges(rolling(0))).toBe(false);
    expect(surges(rolling('0%'))).toBe(false);
    expect(surges({ type: 'RollingUpdate' })).toBe(false);
    expect(surges({ type: 'OnDelete', rollingUpdate: { maxSurge: 1 } })).toBe(false);
    expect(surges(undefined)).toBe(false);
  });
});

describe('surgeDeadlock', () => {
  test('a declared host port with a surge: the port, its name and container, not via hostNetwork', () => {
    expect(surgeDeadlock(pod([{ name: 'metrics', containerPort: 9100, hostPort: 9100 }]), rolling(1)))
      .toEqual({ container: 'agent', port: 'metrics', hostPort: 9100, viaHostNetwork: false });
  });
  test('hostNetwork makes every declared port a host port; a port without name is named by its number', () => {
    expect(surgeDeadlock(pod([{ containerPort: 9100 }], { hostNetwork: true }), rolling('25%', undefined)))
      .toEqual({ container: 'agent', port: '9100', hostPort: 9100, viaHostNetwork: true });
  });
  test('with hostNetwork, a declared hostPort is not via hostNetwork', () => {
    expect(surgeDeadlock(pod([{ name: 'm', containerPort: 9100, hostPort: 9100 }], { hostNetwork: true }), rolling(1))!.viaHostNetwork).toBe(false);
  });
  test('the first host port of the first container that has one', () => {
    const spec = { containers: [{ name: 'a', ports: [{ name: 'p', containerPort: 80 }] }, { name: 'b', ports: [{ name: 'q', containerPort: 81, hostPort: 81 }, { name: 'r', containerPort: 82, hostPort: 82 }] }] };
    expect(surgeDeadlock(spec, rolling(1))).toEqual({ container: 'b', port: 'q', hostPort: 81, viaHostNetwork: false });
  });
  test('none: no surge, OnDelete, no host port, hostPort 0, hostNetwork false, no containers', () => {
    const bound = pod([{ name: 'm', containerPort: 9100, hostPort: 9100 }]);
    expect(surgeDeadlock(bound, rolling(0))).toBeUndefined();
    expect(surgeDeadlock(bound, { type: 'OnDelete', rollingUpdate: { maxSurge: 1 } })).toBeUndefined();
    expect(surgeDeadlock(bound, undefined)).toBeUndefined();
    expect(surgeDeadlock(pod([{ name: 'm', containerPort: 9100 }]), rolling(1))).toBeUndefined();
    expect(surgeDeadlock(pod([{ name: 'm', containerPort: 9100, hostPort: 0 }]), rolling(1))).toBeUndefined();
    expect(surgeDeadlock(pod([{ name: 'm', containerPort: 9100 }], { hostNetwork: false }), rolling(1))).toBeUndefined();
    expect(surgeDeadlock({}, rolling(1))).toBeUndefined();
    expect(surgeDeadlock(undefined, rolling(1))).toBeUndefined();
  });
});

describe('selectorOverlaps', () => {
  const entry = (source: string, selector: { [k: string]: string }, podLabels: { [k: string]: string }, namespace = 'ops'): SelectorEntry => ({ source, namespace, selector, podLabels });
  const pairs = (entries: SelectorEntry[]) => selectorOverlaps(entries).map(o => `${o.selecting.source} -> ${o.selected.source}`);

  test('a selector matching another\'s pod labels in its namespace: one pair, that way round', () => {
    const wide = entry('wide', { tier: 'infra' }, { tier: 'infra', app: 'wide' });
    const narrow = entry('narrow', { app: 'narrow' }, { tier: 'infra', app: 'narrow' });
    expect(pairs([wide, narrow])).toEqual(['wide -> narrow']);
    expect(pairs([narrow, wide])).toEqual(['wide -> narrow']);
  });
  test('a DaemonSet selecting its own pods is no overlap', () => {
    expect(pairs([entry('a', { app: 'a' }, { app: 'a' })])).toEqual([]);
  });
  test('each other\'s: both pairs', () => {
    expect(pairs([entry('a', { tier: 'x' }, { tier: 'x' }), entry('b', { tier: 'x' }, { tier: 'x' })])).toEqual(['a -> b', 'b -> a']);
  });
  test('every pair of the selector must match: one of two is not enough', () => {
    expect(pairs([entry('a', { tier: 'x', app: 'a' }, { tier: 'x', app: 'a' }), entry('b', { app: 'b' }, { tier: 'x', app: 'b' })])).toEqual([]);
  });
  test('a DaemonSet in the rarest pair\'s bucket that fails another pair is not selected', () => {
    // 'app: z' has two pods (a, b), 'tier: x' three (a, c, d): a is looked up by 'app: z', and b has tier y
    const a = entry('a', { app: 'z', tier: 'x' }, { app: 'z', tier: 'x' });
    const b = entry('b', { app: 'b' }, { app: 'z', tier: 'y' });
    const c = entry('c', { app: 'c' }, { app: 'c', tier: 'x' });
    const d = entry('d', { app: 'd' }, { app: 'd', tier: 'x' });
    expect(pairs([a, b, c, d])).toEqual([]);
  });
  test('the rarest pair finds the overlap, whichever pair it is', () => {
    // 'tier: x' has three pods, 'app: b' one: the selector { tier, app } is looked up by 'app: b'
    const a = entry('a', { tier: 'x', app: 'b' }, { tier: 'x', app: 'a' });
    const b = entry('b', { app: 'b' }, { tier: 'x', app: 'b' });
    const c = entry('c', { app: 'c' }, { tier: 'x', app: 'c' });
    expect(pairs([a, b, c])).toEqual(['a -> b']);
    expect(pairs([c, b, a])).toEqual(['a -> b']);
  });
  test('other namespaces are never selected', () => {
    expect(pairs([entry('a', { tier: 'x' }, { tier: 'x' }, 'one'), entry('b', { app: 'b' }, { tier: 'x', app: 'b' }, 'two')])).toEqual([]);
  });
  test('an empty selector is skipped here (the API server refuses it, a rule of its own)', () => {
    expect(pairs([entry('a', {}, { tier: 'x' }), entry('b', { app: 'b' }, { tier: 'x', app: 'b' })])).toEqual([]);
  });
});

describe('hostPortsOf', () => {
  test('declared host ports of containers and init containers, with protocol (TCP when absent), each once', () => {
    const spec = {
      containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }, { containerPort: 81 }] }],
      initContainers: [{ name: 'i', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 90, hostPort: 9090, protocol: 'SCTP' }] }],
    };
    expect(hostPortsOf(spec)).toEqual(['8080/TCP', '53/UDP', '9090/SCTP']);
  });
  test('with hostNetwork every declared port is a host port; hostPort 0 or absent without it binds none', () => {
    expect(hostPortsOf({ hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 9100 }] }] })).toEqual(['9100/TCP']);
    expect(hostPortsOf({ hostNetwork: false, containers: [{ name: 'a', ports: [{ containerPort: 9100 }, { containerPort: 9101, hostPort: 0 }] }] })).toEqual([]);
    expect(hostPortsOf({ containers: [{ name: 'a', ports: [{ containerPort: 9100 }] }] })).toEqual([]);
    expect(hostPortsOf(undefined)).toEqual([]);
  });
});

describe('writableHostPathsOf', () => {
  test('host paths mounted without readOnly, by any container or init container, normalized, each once', () => {
    const spec = {
      volumes: [{ name: 'log', hostPath: { path: '/var/log/' } }, { name: 'ro', hostPath: { path: '/etc' } }, { name: 'tmp', emptyDir: {} }, { name: 'lib', hostPath: { path: '/var/lib/x' } }],
      containers: [{ name: 'a', volumeMounts: [{ name: 'log', mountPath: '/l' }, { name: 'ro', mountPath: '/e', readOnly: true }, { name: 'tmp', mountPath: '/t' }] }],
      initContainers: [{ name: 'i', volumeMounts: [{ name: 'lib', mountPath: '/x', readOnly: false }, { name: 'log', mountPath: '/l2' }] }],
    };
    expect(writableHostPathsOf(spec)).toEqual(['/var/log', '/var/lib/x']);
  });
  test('a host path volume nobody mounts is not written', () => {
    expect(writableHostPathsOf({ volumes: [{ name: 'log', hostPath: { path: '/var/log' } }], containers: [{ name: 'a' }] })).toEqual([]);
    expect(writableHostPathsOf(undefined)).toEqual([]);
    expect(writableHostPathsOf({ containers: [{ name: 'a', volumeMounts: [{ name: 'log', mountPath: '/l' }] }] })).toEqual([]);
  });
});

describe('anybody\'s YAML: empty list items (a bare `-`) are skipped, not a crash', () => {
  test('host ports, writable host paths, platform refusals', () => {
    const spec = {
      hostNetwork: true,
      containers: [null, { name: 'a', ports: [null, { containerPort: 80 }], volumeMounts: [null, { name: 'v', mountPath: '/v' }] }],
      initContainers: [null],
      volumes: [null, { name: 'v', hostPath: { path: '/srv' } }, { name: 'e', hostPath: null }],
    };
    expect(hostPortsOf(spec)).toEqual(['80/TCP']);
    expect(writableHostPathsOf(spec)).toEqual(['/srv']);
    expect(gkeAutopilotRefusals(spec).map(r => r.field)).toEqual(['hostNetwork', 'hostPath volume \'v\'']);
    expect(surgeDeadlock({ containers: [null, { name: 'a', ports: [null, { name: 'p', containerPort: 80, hostPort: 80 }] }] }, rolling(1))?.hostPort).toBe(80);
  });
});

describe('nodeSelectionOf', () => {
  test('no selection at all is one term without requirements (any node); an empty or non-string nodeName adds nothing', () => {
    expect(nodeSelectionOf({})).toEqual([[]]);
    expect(nodeSelectionOf(undefined)).toEqual([[]]);
    expect(nodeSelectionOf({ nodeName: '' })).toEqual([[]]);
    expect(nodeSelectionOf({ nodeName: 5 })).toEqual([[]]);
    expect(nodeSelectionOf({ affinity: { nodeAffinity: {} } })).toEqual([[]]);
    expect(nodeSelectionOf({ affinity: {} })).toEqual([[]]);
    expect(nodeSelectionOf({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } })).toEqual([[]]);
  });
  test('nodeSelector, required terms (expressions and fields) and nodeName, ANDed; values read as strings', () => {
    const spec = {
      nodeSelector: { disktype: 'ssd', gpu: true },
      nodeName: 'n1',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n2'] }] },
              { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
            ],
          },
        },
      },
    };
    const text = nodeSelectionOf(spec).map(t => t.map(r => r.toString()).sort().join(' AND '));
    expect(text).toHaveLength(2);
    for (const t of text) {
      expect(t).toContain('disktype In [ssd]');
      expect(t).toContain('gpu In [true]');
      expect(t).toContain('metadata.name In [n1]');
    }
    expect(text[0]).toContain('zone In [a]');
    expect(text[0]).toContain('metadata.name NotIn [n2]');
    expect(text[1]).toContain('zone Exists');
  });
});

describe('hostClashes', () => {
  let count = 0;
  /** A DaemonSet entry: host ports and written host paths, node selector, pod labels and annotations. */
  type Labels = { [k: string]: string };
  interface Shape { ports?: any[]; paths?: string[]; nodeSelector?: any; affinity?: any; labels?: Labels; annotations?: Labels }
  const ds = (o: Shape): DaemonSetEntry => {
    const name = `d${count++}`;
    const paths = o.paths ?? [];
    return {
      source: name,
      ref: `ops/${name}`,
      namespace: 'ops',
      selector: { app: name },
      podLabels: { app: name, ...o.labels },
      podAnnotations: o.annotations,
      podSpec: {
        nodeSelector: o.nodeSelector,
        affinity: o.affinity,
        containers: [{ name: 'c', ports: o.ports ?? [], volumeMounts: paths.map((_, i) => ({ name: `v${i}`, mountPath: `/m${i}` })) }],
        volumes: paths.map((p, i) => ({ name: `v${i}`, hostPath: { path: p } })),
      },
    };
  };
  const clashes = (...entries: DaemonSetEntry[]) => hostClashes(entries).map(c => `${c.a.source}+${c.b.source} ${c.kind}: ${c.what} on ${c.node}`);

  test('the same host port and protocol on nodes both select: a clash, on any node', () => {
    const [a, b] = [ds({ ports: [{ containerPort: 9100, hostPort: 9100 }] }), ds({ ports: [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }] })];
    expect(clashes(a, b)).toEqual([`${a.source}+${b.source} hostPort: host port 9100/TCP on any node`]);
  });
  test('three binding one port: each later one against each earlier', () => {
    const [a, b, c] = [1, 2, 3].map(() => ds({ ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }));
    expect(clashes(a, b, c).map(s => s.split(' ')[0])).toEqual([`${a.source}+${b.source}`, `${a.source}+${c.source}`, `${b.source}+${c.source}`]);
  });
  test('no clash: another protocol, another port, disjoint nodes', () => {
    expect(clashes(ds({ ports: [{ containerPort: 53, hostPort: 53 }] }), ds({ ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }))).toEqual([]);
    expect(clashes(ds({ ports: [{ containerPort: 53, hostPort: 53 }] }), ds({ ports: [{ containerPort: 54, hostPort: 54 }] }))).toEqual([]);
    expect(clashes(ds({ ports: [{ containerPort: 1, hostPort: 1 }], nodeSelector: { pool: 'a' } }), ds({ ports: [{ containerPort: 1, hostPort: 1 }], nodeSelector: { pool: 'b' } }))).toEqual([]);
  });
  test('the node both select is named by its requirements', () => {
    const [a, b] = [ds({ ports: [{ containerPort: 1, hostPort: 1 }], nodeSelector: { pool: 'a' } }), ds({ ports: [{ containerPort: 1, hostPort: 1 }], nodeSelector: { zone: 'z' } })];
    expect(clashes(a, b)[0]).toMatch(/ on (pool In \[a\] AND zone In \[z\]|zone In \[z\] AND pool In \[a\])$/);
  });
  test('a node selection Kubernetes would refuse may overlap anything: judged elsewhere, a clash here', () => {
    const bad = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'Gt', values: ['x'] }] }] } } };
    const [a, b] = [ds({ ports: [{ containerPort: 1, hostPort: 1 }], affinity: bad }), ds({ ports: [{ containerPort: 1, hostPort: 1 }], nodeSelector: { pool: 'b' } })];
    expect(clashes(a, b)).toEqual([`${a.source}+${b.source} hostPort: host port 1/TCP on any node`]);
    expect(clashes(b, a)).toEqual([`${b.source}+${a.source} hostPort: host port 1/TCP on any node`]);
  });
  test('two writers of one host path, and a writer of a path inside another\'s', () => {
    const [a, b, c] = [ds({ paths: ['/var/lib/agent'] }), ds({ paths: ['/var/lib/agent/'] }), ds({ paths: ['/var/lib/agent/db/x'] })];
    expect(clashes(a, b, c)).toEqual([
      `${a.source}+${b.source} hostPath: host path /var/lib/agent (both write it) on any node`,
      `${a.source}+${c.source} hostPath: host path /var/lib/agent/db/x, inside /var/lib/agent that the other writes on any node`,
      `${b.source}+${c.source} hostPath: host path /var/lib/agent/db/x, inside /var/lib/agent that the other writes on any node`,
    ]);
  });
  test('a writer of the whole root clashes with every writer of a path inside it; a relative path (the kubelet refuses it) is inside nothing', () => {
    const [root, srv] = [ds({ paths: ['/'] }), ds({ paths: ['/srv'] })];
    expect(clashes(root, srv)).toEqual([`${root.source}+${srv.source} hostPath: host path /srv, inside / that the other writes on any node`]);
    expect(clashes(ds({ paths: ['/'] }), ds({ paths: ['srv/data'] }))).toEqual([]);
    const [rel, inner] = [ds({ paths: ['srv'] }), ds({ paths: ['srv/data'] })];
    expect(clashes(rel, inner)).toEqual([`${rel.source}+${inner.source} hostPath: host path srv/data, inside srv that the other writes on any node`]);
  });
  test('one DaemonSet writing a path and a path inside it is no clash with itself', () => {
    expect(clashes(ds({ paths: ['/var/lib/agent', '/var/lib/agent/db'] }))).toEqual([]);
  });
  test('two CNI configurations: the message says why', () => {
    const [a, b] = [ds({ paths: ['/etc/cni/net.d'] }), ds({ paths: ['/etc/cni/net.d'] })];
    expect(clashes(a, b)[0]).toContain('host path /etc/cni/net.d (both write a CNI configuration: the kubelet uses the first by name');
    expect(clashes(ds({ paths: ['/etc/cni/net.d/10-x.conflist'] }), ds({ paths: ['/etc/cni/net.d/10-x.conflist'] }))[0]).toContain('both write a CNI configuration');
    expect(clashes(ds({ paths: ['/etc/cni/net.dx'] }), ds({ paths: ['/etc/cni/net.dx'] }))[0]).toContain('(both write it)');
  });
  test('shared on purpose: by design, declared by either side (the path each writes), or components of one application', () => {
    expect(clashes(ds({ paths: ['/run/xtables.lock'] }), ds({ paths: ['/run/xtables.lock'] }))).toEqual([]);
    const declared = { 'cdk8s-daemons.io/shared-host-paths': '/srv/data=append' };
    expect(clashes(ds({ paths: ['/srv/data'], annotations: declared }), ds({ paths: ['/srv/data'] }))).toEqual([]);
    expect(clashes(ds({ paths: ['/srv/data'] }), ds({ paths: ['/srv/data'], annotations: declared }))).toEqual([]);
    // declared for the outer path by the outer writer, or the inner path by the inner one
    expect(clashes(ds({ paths: ['/srv/data'], annotations: declared }), ds({ paths: ['/srv/data/x'] }))).toEqual([]);
    expect(clashes(ds({ paths: ['/srv'] }), ds({ paths: ['/srv/data'], annotations: declared }))).toEqual([]);
    expect(clashes(ds({ paths: ['/srv'], annotations: declared }), ds({ paths: ['/srv/data'] }))).toHaveLength(1);
  });
  describe('components of one application (app.kubernetes.io/part-of)', () => {
    const two = (la: { [k: string]: string }, lb: { [k: string]: string }) => clashes(ds({ paths: ['/srv'], labels: la }), ds({ paths: ['/srv'], labels: lb })).length;
    const partOf = { 'app.kubernetes.io/part-of': 'cilium' };
    test('different components, or one component and one not said: shared', () => {
      expect(two({ ...partOf, 'app.kubernetes.io/component': 'agent' }, { ...partOf, 'app.kubernetes.io/component': 'envoy' })).toBe(0);
      expect(two({ ...partOf, 'app.kubernetes.io/component': 'agent' }, partOf)).toBe(0);
      expect(two(partOf, { ...partOf, 'app.kubernetes.io/component': 'agent' })).toBe(0);
    });
    test('neither says its component: different names share, one name clashes', () => {
      expect(two({ ...partOf, 'app.kubernetes.io/name': 'a' }, { ...partOf, 'app.kubernetes.io/name': 'b' })).toBe(0);
      expect(two({ ...partOf, 'app.kubernetes.io/name': 'a' }, { ...partOf, 'app.kubernetes.io/name': 'a' })).toBe(1);
      expect(two(partOf, partOf)).toBe(1);
    });
    test('two instances of one component clash; another application, or part-of empty or absent on one side, clash', () => {
      expect(two({ ...partOf, 'app.kubernetes.io/component': 'agent' }, { ...partOf, 'app.kubernetes.io/component': 'agent' })).toBe(1);
      expect(two({ ...partOf, 'app.kubernetes.io/component': 'a' }, { 'app.kubernetes.io/part-of': 'calico', 'app.kubernetes.io/component': 'b' })).toBe(1);
      expect(two({ 'app.kubernetes.io/part-of': '', 'app.kubernetes.io/component': 'a' }, { 'app.kubernetes.io/part-of': '', 'app.kubernetes.io/component': 'b' })).toBe(1);
      expect(two({ 'app.kubernetes.io/component': 'a' }, { ...partOf, 'app.kubernetes.io/component': 'b' })).toBe(1);
      expect(two({ 'app.kubernetes.io/component': 'a' }, { 'app.kubernetes.io/component': 'b' })).toBe(1);
      // a label value that is not a string (YAML 1.1 read `1` as a number; the API server refuses it) is no label
      expect(two({ 'app.kubernetes.io/part-of': 1, 'app.kubernetes.io/component': 'a' } as any, { 'app.kubernetes.io/part-of': 1, 'app.kubernetes.io/component': 'b' } as any)).toBe(1);
    });
  });
});

describe('platform rules', () => {
  const terms = (...t: any[][]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: t.map(e => ({ matchExpressions: e })) } } },
  });

  test('GKE Autopilot: host namespaces, host ports, privileged, capabilities beyond the baseline, host paths outside /var/log or writable', () => {
    const spec = {
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      volumes: [{ name: 'log', hostPath: { path: '/var/log' } }, { name: 'pods', hostPath: { path: '/var/log/pods' } }, { name: 'root', hostPath: { path: '/' } }, { name: 'logx', hostPath: { path: '/var/logx' } }, { name: 'tmp', emptyDir: {} }],
      initContainers: [{ name: 'init', securityContext: { privileged: true } }],
      containers: [{
        name: 'c',
        ports: [{ name: 'm', containerPort: 9100, hostPort: 9100 }, { containerPort: 80, hostPort: 8080 }, { name: 'no', containerPort: 81 }, { name: 'zero', containerPort: 82, hostPort: 0 }],
        securityContext: { privileged: false, capabilities: { add: ['NET_BIND_SERVICE', 'SYS_CHROOT', 'AUDIT_WRITE', 'SYS_ADMIN', 'NET_ADMIN'] } },
        volumeMounts: [{ name: 'log', mountPath: '/a', readOnly: true }, { name: 'pods', mountPath: '/b' }, { name: 'root', mountPath: '/c', readOnly: true }, { name: 'logx', mountPath: '/d', readOnly: true }, { name: 'tmp', mountPath: '/t' }],
      }],
    };
    const full = (r: { field: string; value: unknown; rule: string; fix: string }) => `${r.field} = ${JSON.stringify(r.value)}: ${r.rule}. Fix: ${r.fix}`;
    const nodeApi = 'an exporter then reads the node through its own metrics API, e.g. the kubelet\'s';
    expect(gkeAutopilotRefusals(spec).map(full)).toEqual([
      `hostNetwork = true: Autopilot refuses pods in the host network. Fix: drop hostNetwork (${nodeApi})`,
      `hostPID = true: Autopilot refuses pods in the host PID namespace. Fix: drop hostPID (${nodeApi})`,
      `hostIPC = true: Autopilot refuses pods in the host IPC namespace. Fix: drop hostIPC (${nodeApi})`,
      'container \'init\' securityContext.privileged = true: Autopilot refuses privileged containers. Fix: drop privileged and add only the capabilities needed',
      'container \'c\' port \'m\' hostPort = 9100: Autopilot refuses host ports. Fix: reach the pods through a Service instead of the node\'s port',
      'container \'c\' port \'80\' hostPort = 8080: Autopilot refuses host ports. Fix: reach the pods through a Service instead of the node\'s port',
      'container \'c\' securityContext.capabilities.add = "SYS_ADMIN": Autopilot allows only the Pod Security baseline capabilities. Fix: drop SYS_ADMIN',
      'container \'c\' securityContext.capabilities.add = "NET_ADMIN": Autopilot allows only the Pod Security baseline capabilities. Fix: drop NET_ADMIN',
      'container \'c\' mount of hostPath \'pods\' = "/var/log/pods": Autopilot allows host paths under /var/log read-only only. Fix: mount it read-only',
      'hostPath volume \'root\' = "/": Autopilot allows host paths only under /var/log. Fix: read the node through an API, or keep the data in an emptyDir',
      'hostPath volume \'logx\' = "/var/logx": Autopilot allows host paths only under /var/log. Fix: read the node through an API, or keep the data in an emptyDir',
    ]);
    // a path that only contains /var/log is not under it
    expect(gkeAutopilotRefusals({ volumes: [{ name: 'v', hostPath: { path: '/data/var/log' } }], containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true }] }] }).map(r => r.value))
      .toEqual(['/data/var/log']);
    expect(gkeAutopilotRefusals({ hostNetwork: false, containers: [{ name: 'c' }] })).toEqual([]);
    expect(gkeAutopilotRefusals(undefined)).toEqual([]);
  });
  test('GKE Autopilot allows every baseline capability', () => {
    const baseline = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
    expect(gkeAutopilotRefusals({ containers: [{ name: 'c', securityContext: { capabilities: { add: baseline } } }] })).toEqual([]);
  });
  test('EKS Fargate: a daemon that may land on Fargate or virtual-kubelet nodes, each named with its fix', () => {
    expect(eksFargateRefusals({}).map(r => `${r.field} = ${r.value}: ${r.rule}. Fix: ${r.fix}`)).toEqual([
      'nodeAffinity = eks.amazonaws.com/compute-type=fargate not excluded: EKS Fargate nodes run no DaemonSet pods. Fix: add a required node affinity term with NodeSelectorRequirement.notFargate() (eks.amazonaws.com/compute-type NotIn [fargate])',
      'nodeAffinity = type=virtual-kubelet not excluded: virtual-kubelet nodes have no host to run daemon pods on. Fix: add a required node affinity term with NodeSelectorRequirement.notVirtualKubelet() (type NotIn [virtual-kubelet])',
    ]);
    expect(eksFargateRefusals(terms([{ key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] }])).map(r => r.value)).toEqual(['type=virtual-kubelet not excluded']);
    expect(eksFargateRefusals(terms([{ key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] }, { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] }]))).toEqual([]);
    expect(eksFargateRefusals({ nodeSelector: { 'eks.amazonaws.com/compute-type': 'ec2' } }).map(r => r.value)).toEqual(['type=virtual-kubelet not excluded']);
  });
  test('Windows nodes: a daemon that may land on Linux and Windows nodes; either OS selected passes', () => {
    expect(windowsNodesRefusals({})).toEqual([{
      field: 'nodeSelector',
      value: 'kubernetes.io/os not set',
      rule: 'a cluster with Windows nodes needs every daemon to declare its OS: a Linux image never starts on a Windows node',
      fix: 'select kubernetes.io/os (NodeSelectorRequirement.linuxOnly(), or nodeSelector { \'kubernetes.io/os\': \'windows\' } with a Windows image in a variant)',
    }]);
    expect(windowsNodesRefusals({ nodeSelector: { 'kubernetes.io/os': 'linux' } })).toEqual([]);
    expect(windowsNodesRefusals({ nodeSelector: { 'kubernetes.io/os': 'windows' } })).toEqual([]);
    expect(windowsNodesRefusals(terms([{ key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] }]))).toEqual([]);
    expect(windowsNodesRefusals(terms([{ key: 'kubernetes.io/os', operator: 'NotIn', values: ['linux'] }]))).toEqual([]);
    expect(windowsNodesRefusals(terms([{ key: 'kubernetes.io/os', operator: 'In', values: ['linux', 'windows'] }]))).toHaveLength(1);
  });
});

describe('host paths shared by design, and declared', () => {
  test('a path shared by design covers itself and what is below it, not a name that merely begins the same', () => {
    expect(sharedByDesign('/sys')?.path).toBe('/sys');
    expect(sharedByDesign('/sys/fs/bpf')?.path).toBe('/sys');
    expect(sharedByDesign('/system')).toBeUndefined();
    expect(sharedByDesign('/')).toBeUndefined();
    expect(sharedByDesign('/var/lib/kubelet/pods')?.path).toBe('/var/lib/kubelet');
  });
  test('/var/run is looked up as /run, itself and below; /var/running is not', () => {
    expect(sharedByDesign('/var/run/containerd/containerd.sock')?.path).toBe('/run/containerd');
    expect(sharedByDesign('/var/run/xtables.lock')?.path).toBe('/run/xtables.lock');
    expect(sharedByDesign('/var/run')).toBeUndefined();
    expect(sharedByDesign('/var/running/containerd')).toBeUndefined();
  });
  test('below an owned dir, two writers of the very same dir clash; of different dirs, or the owned dir itself, they share', () => {
    expect(sharedPair('/var/log/agent', '/var/log/agent')).toBe(false);
    expect(sharedPair('/var/log', '/var/log/agent')).toBe(true);
    expect(sharedPair('/var/log', '/var/log')).toBe(true);
    expect(sharedPair('/var/lib/kubelet/plugins', '/var/lib/kubelet/plugins')).toBe(true);
    expect(sharedPair('/var/lib/kubelet/pods', '/var/lib/kubelet/pods')).toBe(true);
    expect(sharedPair('/srv', '/srv')).toBe(false);
  });
  test('the annotation: comma-separated path=how, spaces around each, paths normalized; anything else ignored', () => {
    const read = (value: unknown) => [...declaredShared({ 'cdk8s-daemons.io/shared-host-paths': value })];
    expect(read(' /run/x.lock=lock , /srv//data/=append')).toEqual([['/run/x.lock', HostPathSharing.LOCK], ['/srv/data', HostPathSharing.APPEND]]);
    expect(read('/a=share,=lock,/b,/c=append')).toEqual([['/c', HostPathSharing.APPEND]]);
    expect(read(42)).toEqual([]);
    expect([...declaredShared(undefined)]).toEqual([]);
    expect([...declaredShared({ other: '/a=lock' })]).toEqual([]);
  });
});
