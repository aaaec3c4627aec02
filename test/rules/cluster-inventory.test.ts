import { ClusterInventory, Placement, Taint, TaintEffect } from '../../src';
import { podLoad } from '../../src/rules/cluster-inventory';

const NAMES = ['kind-control-plane', 'kind-worker', 'kind-worker2', 'kind-worker3'];

/** One Node as `kubectl get nodes -o json` prints it, status and all (trimmed from a kind v0.20 cluster). */
function kubectlNode(name: string, ip: string, controlPlane: boolean): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: '2023-08-01T09:12:41Z',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      },
      name,
      resourceVersion: '1042',
      uid: `6b1f${ip.replace(/\./g, '')}-3c2d-4e5f-8a9b-0c1d2e3f4a5b`,
    },
    spec: {
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
      providerID: `kind://docker/kind/${name}`,
      ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }],
      allocatable: { 'cpu': '8', 'ephemeral-storage': '102626232Ki', 'memory': '16283904Ki', 'pods': '110' },
      capacity: { 'cpu': '8', 'ephemeral-storage': '102626232Ki', 'memory': '16283904Ki', 'pods': '110' },
      conditions: [
        { lastHeartbeatTime: '2023-08-01T10:00:00Z', lastTransitionTime: '2023-08-01T09:12:38Z', message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
        { lastHeartbeatTime: '2023-08-01T10:00:00Z', lastTransitionTime: '2023-08-01T09:13:05Z', message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.1',
        kernelVersion: '6.2.0-26-generic',
        kubeProxyVersion: 'v1.27.3',
        kubeletVersion: 'v1.27.3',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 11 (bullseye)',
      },
    },
  };
}

/** The whole `kubectl get nodes -o json` output: a List. */
const KUBECTL_GET_NODES = {
  apiVersion: 'v1',
  items: [
    kubectlNode('kind-control-plane', '172.18.0.2', true),
    kubectlNode('kind-worker', '172.18.0.5', false),
    kubectlNode('kind-worker2', '172.18.0.4', false),
    kubectlNode('kind-worker3', '172.18.0.3', false),
  ],
  kind: 'List',
  metadata: { resourceVersion: '' },
};

const plainDaemon = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'demo' },
  spec: { selector: { matchLabels: { app: 'demo' } }, template: { metadata: { labels: { app: 'demo' } }, spec: { containers: [{ name: 'demo', image: 'demo:1.0.0' }] } } },
};

describe('ClusterInventory.sample()', () => {
  const sample = ClusterInventory.sample();

  test('the taints tutorial\'s kind cluster: one control plane, three workers, in kubectl\'s order', () => {
    expect(sample.nodeNames).toEqual(NAMES);
    expect(sample.nodes.map(n => [n.apiVersion, n.kind])).toEqual(NAMES.map(() => ['v1', 'Node']));
  });

  test('the control plane has its role label and its NoSchedule taint', () => {
    const cp = sample.node('kind-control-plane');
    expect(cp.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('');
    expect(cp.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  });

  test('the workers have neither role label nor taint', () => {
    for (const name of NAMES.slice(1)) {
      const n = sample.node(name);
      expect(Object.keys(n.metadata.labels).filter(k => k.startsWith('node-role.kubernetes.io/'))).toEqual([]);
      expect(n.spec?.taints ?? []).toEqual([]);
      expect(n.spec?.unschedulable).toBeUndefined();
    }
  });

  test.each(NAMES)('%s has the usual os, arch and hostname labels', (name) => {
    expect(sample.node(name).metadata.labels).toMatchObject({
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': 'amd64',
    });
  });

  test('each call is a fresh cluster', () => {
    expect(ClusterInventory.sample()).not.toBe(ClusterInventory.sample());
    expect(ClusterInventory.sample().nodes).toEqual(ClusterInventory.sample().nodes);
  });

  test('a node that is not there: undefined', () => {
    expect(sample.node('kind-worker4')).toBeUndefined();
  });

  test('allocatable after the kubelet\'s reservations: a 2-core control plane, 4-core workers', () => {
    expect(sample.nodes.map(n => [n.metadata.name, n.status.allocatable])).toEqual([
      ['kind-control-plane', { 'cpu': '1900m', 'memory': '7Gi', 'ephemeral-storage': '45Gi', 'pods': '110' }],
      ...NAMES.slice(1).map(name => [name, { 'cpu': '3800m', 'memory': '15Gi', 'ephemeral-storage': '95Gi', 'pods': '110' }]),
    ]);
    expect(sample.nodes.map(n => Object.keys(n.metadata.labels).sort())).toEqual([
      ['beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os',
        'node-role.kubernetes.io/control-plane', 'node.kubernetes.io/exclude-from-external-load-balancers'],
      ...NAMES.slice(1).map(() => ['beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os']),
    ]);
    expect(sample.node('kind-control-plane').metadata.labels['node.kubernetes.io/exclude-from-external-load-balancers']).toBe('');
  });

  test('what runs: kube-proxy everywhere, the control plane\'s static pods, CoreDNS on two workers, an application on each worker', () => {
    const row = (p: any) => {
      const owner = p.metadata.ownerReferences?.[0];
      return [`${p.metadata.namespace}/${p.metadata.name}`, p.spec.nodeName, p.spec.priority, p.spec.containers[0].resources.requests,
        owner ? `${owner.apiVersion} ${owner.kind}/${owner.name}${owner.controller === true ? '' : ' (not controller)'}` : '-', p.status.phase];
    };
    const N = 2000001000;
    const C = 2000000000;
    expect(sample.pods.map(row)).toEqual([
      ['kube-system/kube-proxy-0', 'kind-control-plane', N, {}, 'apps/v1 DaemonSet/kube-proxy', 'Running'],
      ['kube-system/kube-proxy-1', 'kind-worker', N, {}, 'apps/v1 DaemonSet/kube-proxy', 'Running'],
      ['kube-system/kube-proxy-2', 'kind-worker2', N, {}, 'apps/v1 DaemonSet/kube-proxy', 'Running'],
      ['kube-system/kube-proxy-3', 'kind-worker3', N, {}, 'apps/v1 DaemonSet/kube-proxy', 'Running'],
      ['kube-system/etcd-kind-control-plane', 'kind-control-plane', N, { cpu: '100m', memory: '100Mi' }, 'v1 Node/kind-control-plane', 'Running'],
      ['kube-system/kube-apiserver-kind-control-plane', 'kind-control-plane', N, { cpu: '250m' }, 'v1 Node/kind-control-plane', 'Running'],
      ['kube-system/kube-controller-manager-kind-control-plane', 'kind-control-plane', N, { cpu: '200m' }, 'v1 Node/kind-control-plane', 'Running'],
      ['kube-system/kube-scheduler-kind-control-plane', 'kind-control-plane', N, { cpu: '100m' }, 'v1 Node/kind-control-plane', 'Running'],
      ['kube-system/coredns-5d78c9869d-a', 'kind-worker', C, { cpu: '100m', memory: '70Mi' }, 'apps/v1 ReplicaSet/coredns-5d78c9869d', 'Running'],
      ['kube-system/coredns-5d78c9869d-b', 'kind-worker2', C, { cpu: '100m', memory: '70Mi' }, 'apps/v1 ReplicaSet/coredns-5d78c9869d', 'Running'],
      ['default/web-7c5ddbdf54-0', 'kind-worker', 0, { cpu: '1', memory: '2Gi' }, 'apps/v1 ReplicaSet/web-7c5ddbdf54', 'Running'],
      ['default/web-7c5ddbdf54-1', 'kind-worker2', 0, { cpu: '1', memory: '2Gi' }, 'apps/v1 ReplicaSet/web-7c5ddbdf54', 'Running'],
      ['default/web-7c5ddbdf54-2', 'kind-worker3', 0, { cpu: '1', memory: '2Gi' }, 'apps/v1 ReplicaSet/web-7c5ddbdf54', 'Running'],
    ]);
    expect(sample.pods.every(p => p.apiVersion === 'v1' && p.kind === 'Pod' && p.status.startTime === '2026-01-01T00:00:00Z'
      && p.spec.containers.length === 1 && p.spec.containers[0].name === 'main' && p.spec.containers[0].image === 'registry.k8s.io/pause:3.9')).toBe(true);
    expect(sample.priorityClasses).toEqual([]);
  });
});

describe('ClusterInventory.fromNodeList', () => {
  test('realistic `kubectl get nodes -o json` output (a List)', () => {
    // WHEN
    const cluster = ClusterInventory.fromNodeList(KUBECTL_GET_NODES);

    // THEN
    expect(cluster.nodeNames).toEqual(NAMES);
    expect(cluster.node('kind-worker2').status.addresses[0].address).toBe('172.18.0.4');
    const report = Placement.preview([plainDaemon], cluster);
    expect(report.daemonSets[0].desired).toBe(3);
    expect(report.daemonSets[0].nodes[0].reasons).toEqual(['untolerated taint node-role.kubernetes.io/control-plane:NoSchedule: no new pod, but a running one stays']);
  });

  test('the same answers as the sample cluster', () => {
    expect(Placement.preview([plainDaemon], ClusterInventory.fromNodeList(KUBECTL_GET_NODES)))
      .toEqual(Placement.preview([plainDaemon], ClusterInventory.sample()));
  });

  test('a NodeList', () => {
    const cluster = ClusterInventory.fromNodeList({ apiVersion: 'v1', kind: 'NodeList', items: KUBECTL_GET_NODES.items.slice(1) });
    expect(cluster.nodeNames).toEqual(NAMES.slice(1));
  });

  test('a single Node (`kubectl get node NAME -o json`)', () => {
    expect(ClusterInventory.fromNodeList(KUBECTL_GET_NODES.items[2]).nodeNames).toEqual(['kind-worker2']);
  });

  test('an array of Nodes', () => {
    expect(ClusterInventory.fromNodeList(KUBECTL_GET_NODES.items.slice(0, 2)).nodeNames).toEqual(NAMES.slice(0, 2));
  });

  test('items without kind are read as Nodes', () => {
    expect(ClusterInventory.fromNodeList([{ metadata: { name: 'n1' } }]).nodeNames).toEqual(['n1']);
  });

  test('an empty List is an empty cluster', () => {
    const cluster = ClusterInventory.fromNodeList({ apiVersion: 'v1', kind: 'List', items: [] });
    expect(cluster.nodeNames).toEqual([]);
    expect(Placement.preview([plainDaemon], cluster).daemonSets[0].desired).toBe(0);
  });

  describe('errors', () => {
    test('kind Deployment', () => {
      expect(() => ClusterInventory.fromNodeList({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }))
        .toThrow("not a node list: expected the output of 'kubectl get nodes -o json' (kind List or NodeList with Node items), got kind 'Deployment'");
    });

    test('a List with a non-Node item', () => {
      const list = { ...KUBECTL_GET_NODES, items: [KUBECTL_GET_NODES.items[0], { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }] };
      expect(() => ClusterInventory.fromNodeList(list)).toThrow("not a node list: item 1 is kind 'Pod', not a Node");
    });

    test('a List without items', () => {
      expect(() => ClusterInventory.fromNodeList({ apiVersion: 'v1', kind: 'List' })).toThrow(/not a node list/);
    });

    test('an item that is not an object', () => {
      expect(() => ClusterInventory.fromNodeList(['kind-worker'])).toThrow('not a node list: item 0 is a string, not a Node');
      expect(() => ClusterInventory.fromNodeList([null])).toThrow('not a node list: item 0 is null, not a Node');
    });

    test('missing metadata.name', () => {
      expect(() => ClusterInventory.fromNodeList([{ apiVersion: 'v1', kind: 'Node', metadata: {} }])).toThrow('not a node list: item 0 has no metadata.name');
      expect(() => ClusterInventory.fromNodeList([{ apiVersion: 'v1', kind: 'Node' }])).toThrow('not a node list: item 0 has no metadata.name');
      expect(() => ClusterInventory.fromNodeList([{ kind: 'Node', metadata: { name: '' } }])).toThrow('not a node list: item 0 has no metadata.name');
    });

    test('duplicate names', () => {
      expect(() => ClusterInventory.fromNodeList([KUBECTL_GET_NODES.items[1], KUBECTL_GET_NODES.items[1]]))
        .toThrow("not a node list: node 'kind-worker' appears twice");
    });

    test('taints not a list, or not { key, effect } objects', () => {
      const withTaints = (taints: any) => [{ kind: 'Node', metadata: { name: 'n1' }, spec: { taints } }];
      const message = "not a node list: node 'n1' has spec.taints that are not a list of { key, effect } objects";
      expect(() => ClusterInventory.fromNodeList(withTaints({ key: 'a', effect: 'NoSchedule' }))).toThrow(message);
      expect(() => ClusterInventory.fromNodeList(withTaints('a:NoSchedule'))).toThrow(message);
      expect(() => ClusterInventory.fromNodeList(withTaints([{ key: 'a' }]))).toThrow(message);
      expect(() => ClusterInventory.fromNodeList(withTaints([null]))).toThrow(message);
    });

    test.each([
      [null, 'null'],
      [42, 'a number'],
      ['kind-worker', 'a string'],
      [undefined, 'undefined'],
      [{ items: [] }, 'an object without kind'],
    ])('%j is not a node list', (input, what) => {
      expect(() => ClusterInventory.fromNodeList(input)).toThrow(`not a node list: expected the output of 'kubectl get nodes -o json' (kind List or NodeList with Node items), got ${what}`);
    });
  });
});

describe('what-if copies', () => {
  test('withTaint adds a taint to a copy; the original is unchanged', () => {
    // GIVEN
    const original = ClusterInventory.sample();
    const before = JSON.stringify(original.nodes);

    // WHEN
    const tainted = original.withTaint('kind-worker3', new Taint({ key: 'VIPOnly', value: 'true', effect: TaintEffect.NO_EXECUTE }));

    // THEN
    expect(tainted).not.toBe(original);
    expect(tainted.node('kind-worker3').spec.taints).toEqual([{ key: 'VIPOnly', value: 'true', effect: 'NoExecute' }]);
    expect(JSON.stringify(original.nodes)).toBe(before);
    expect(Placement.preview([plainDaemon], original).daemonSets[0].desired).toBe(3);
    expect(Placement.preview([plainDaemon], tainted).daemonSets[0].desired).toBe(2);
  });

  test('withTaint keeps the taints already there, and writes no value for a taint without one', () => {
    const cp = ClusterInventory.sample().withTaint('kind-control-plane', new Taint({ key: 'example.com/maintenance', effect: TaintEffect.PREFER_NO_SCHEDULE })).node('kind-control-plane');
    expect(cp.spec.taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      { key: 'example.com/maintenance', effect: 'PreferNoSchedule' },
    ]);
  });

  test('withLabel sets a label on a copy; the original is unchanged', () => {
    // GIVEN
    const original = ClusterInventory.sample();
    const before = JSON.stringify(original.nodes);

    // WHEN
    const labelled = original.withLabel('kind-worker', 'disktype', 'ssd').withLabel('kind-worker', 'kubernetes.io/os', 'windows');

    // THEN
    expect(labelled.node('kind-worker').metadata.labels).toMatchObject({ 'disktype': 'ssd', 'kubernetes.io/os': 'windows' });
    expect(labelled.node('kind-worker2').metadata.labels.disktype).toBeUndefined();
    expect(JSON.stringify(original.nodes)).toBe(before);
  });

  test('cordon marks a copy unschedulable with the unschedulable taint; the original is unchanged', () => {
    // GIVEN
    const original = ClusterInventory.sample();
    const before = JSON.stringify(original.nodes);

    // WHEN
    const cordoned = original.cordon('kind-worker');

    // THEN
    expect(cordoned.node('kind-worker').spec).toEqual({ unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
    expect(JSON.stringify(original.nodes)).toBe(before);
  });

  test('cordoning twice writes the unschedulable taint once', () => {
    const twice = ClusterInventory.sample().cordon('kind-control-plane').cordon('kind-control-plane');
    expect(twice.node('kind-control-plane').spec.taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });

  test('copies of a node list from kubectl leave the caller\'s objects alone', () => {
    const json = JSON.parse(JSON.stringify(KUBECTL_GET_NODES));
    ClusterInventory.fromNodeList(json).withLabel('kind-worker', 'disktype', 'ssd').cordon('kind-worker');
    expect(json).toEqual(KUBECTL_GET_NODES);
  });

  test.each([
    ['withTaint', (c: ClusterInventory) => c.withTaint('kind-worker9', Taint.controlPlane())],
    ['withLabel', (c: ClusterInventory) => c.withLabel('kind-worker9', 'a', 'b')],
    ['cordon', (c: ClusterInventory) => c.cordon('kind-worker9')],
  ])('%s on an unknown node is an error naming the nodes', (_, change) => {
    expect(() => change(ClusterInventory.sample())).toThrow(
      "no node 'kind-worker9' in the cluster (nodes: kind-control-plane, kind-worker, kind-worker2, kind-worker3)",
    );
  });
});

describe('withTaint refuses what kubectl taint refuses', () => {
  test('a second taint with the same key and effect', () => {
    const c = ClusterInventory.sample();
    expect(() => c.withTaint('kind-control-plane', Taint.controlPlane()))
      .toThrow("node 'kind-control-plane' already has a taint node-role.kubernetes.io/control-plane:NoSchedule (kubectl taint would need --overwrite)");
  });

  test('the same key with another effect is another taint (kubectl taint adds it)', () => {
    const c = ClusterInventory.sample().withTaint('kind-control-plane', new Taint({ key: 'node-role.kubernetes.io/control-plane', effect: TaintEffect.NO_EXECUTE }));
    expect(c.node('kind-control-plane').spec.taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' },
    ]);
  });
});

/** Issue 23: a hand mutation audit of cluster-inventory (22 mutants, 9 survived) found these untested. */
describe('reading kubectl output: every refusal, and what a pod counts as', () => {
  test('text with no document, or two, is no node, pod or PriorityClass list', () => {
    expect(() => ClusterInventory.fromJson('')).toThrow('not a node list: expected one document (the output of \'kubectl get nodes -o json\'), found 0');
    expect(() => ClusterInventory.sample().withPodsJson('')).toThrow('expected one document (the output of \'kubectl get pods -A -o json\'), found 0');
    expect(() => ClusterInventory.sample().withPriorityClassesJson('a: 1\n---\nb: 2\n')).toThrow('expected one document (the output of \'kubectl get priorityclasses -o json\'), found 2');
  });

  test('a PriorityClass value must be an integer; a pod needs a name', () => {
    const pc = (value: unknown) => [{ kind: 'PriorityClass', metadata: { name: 'agents' }, value }];
    expect(() => ClusterInventory.sample().withPriorityClasses(pc(1000))).not.toThrow();
    expect(() => ClusterInventory.sample().withPriorityClasses(pc(1.5))).toThrow('not a priority class list: item 0 (\'agents\') has no integer value');
    expect(() => ClusterInventory.sample().withPriorityClasses(pc('1000'))).toThrow('has no integer value');
    expect(() => ClusterInventory.sample().withPods([{ kind: 'Pod', metadata: {}, spec: { nodeName: 'kind-worker' } }])).toThrow('not a pod list: item 0 has no metadata.name');
  });

  test('podLoad: the namespace defaults to default; a priority that is no number is 0; an unreadable start time is now (Infinity)', () => {
    const base = { metadata: { name: 'p' }, spec: { nodeName: 'n', priority: '5', containers: [] }, status: { startTime: 'yesterday' } };
    expect(podLoad(base)).toMatchObject({ ref: 'default/p', priority: 0, start: Infinity, daemonSet: undefined });
    expect(podLoad({ ...base, metadata: { name: 'p', namespace: 'ops' }, spec: { ...base.spec, priority: 7 }, status: { startTime: '2026-01-01T00:00:00Z' } }))
      .toMatchObject({ ref: 'ops/p', priority: 7, start: Date.parse('2026-01-01T00:00:00Z') });
  });

  test('a start time that is not a string is unreadable (now), whatever Date.parse would make of it', () => {
    expect(podLoad({ metadata: { name: 'p' }, spec: { containers: [] }, status: { startTime: 12345 } }).start).toBe(Infinity);
  });

  test('list items without a kind are taken (typed lists leave it out); an array item is named as one', () => {
    const cluster = ClusterInventory.sample().withPods([{ metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'kind-worker', containers: [] } }]);
    expect(cluster.pods.map(p => p.metadata.name)).toEqual(['p']);
    expect(() => ClusterInventory.fromNodeList([[{ kind: 'Node' }]])).toThrow('not a node list: item 0 is an array, not a Node');
    expect(() => ClusterInventory.sample().withPods([['x']])).toThrow('not a pod list: item 0 is an array, not a Pod');
  });

  test('a node without labels has none (a selector does not match it); only unschedulable: true cordons', () => {
    const cluster = ClusterInventory.fromNodeList([
      { kind: 'Node', metadata: { name: 'bare' } },
      { kind: 'Node', metadata: { name: 'odd' }, spec: { unschedulable: 'true' } },
      { kind: 'Node', metadata: { name: 'cordoned' }, spec: { unschedulable: true } },
    ]);
    const ds = (podSpec: object) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'a', namespace: 'x' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'a:1' }], ...podSpec } } },
    });
    expect(Placement.preview([ds({ nodeSelector: { disktype: 'ssd' } })], cluster).daemonSets[0].nodes[0]).toMatchObject({ node: 'bare', shouldRun: false });
    // a DaemonSet's pods tolerate the unschedulable taint: all three run them; the views say which is cordoned
    expect(Placement.preview([ds({})], cluster).daemonSets[0].desired).toBe(3);
    expect(cluster._views().map(v => [v.name, v.unschedulable, v.taintTexts])).toEqual([
      ['bare', false, []],
      ['odd', false, []],
      ['cordoned', true, ['node.kubernetes.io/unschedulable:NoSchedule']],
    ]);
  });

  test('podLoad: the DaemonSet that owns a pod is its controller reference, with a name', () => {
    const owned = (ref: object) => podLoad({ metadata: { name: 'p', namespace: 'ops', ownerReferences: [ref] }, spec: { containers: [] } }).daemonSet;
    expect(owned({ kind: 'DaemonSet', name: 'agent', controller: true })).toBe('ops/agent');
    expect(owned({ kind: 'DaemonSet', name: 'agent', controller: false })).toBeUndefined();
    expect(owned({ kind: 'DaemonSet', controller: true })).toBeUndefined();
    expect(owned({ kind: 'ReplicaSet', name: 'agent', controller: true })).toBeUndefined();
  });
});
