import { App, Chart, Testing } from 'cdk8s';
import {
  ClusterInventory, NodeDaemon, NodeDaemonProps, NodeSelectorRequirement as Req, NodeSelectorTerm, Placement, Taint, TaintEffect, Toleration,
} from '../../src';

const IMAGE = 'demo:1.0.0';

/** The seed tutorial's demo-daemon (013-demo-daemonset.yaml), as written there. */
const DEMO_DAEMON = `apiVersion: apps/v1
kind: DaemonSet              # the object schema Kubernetes uses to validate this manifest
metadata:
  labels:
    app: demo-daemon
  name: demo-daemon
spec:
                             # huh ... no "replicas" attribute?
  selector:
    matchLabels:
      app: demo-daemon       # pods in this namespace and with this label are members
  template:
    metadata:
      labels:
        app: demo-daemon
    spec:
      containers:
      - name: demo
        image: demo:1.0.0    # re-using your demo container image, because you can ...
`;

/** The seed tutorial's demo-daemon with the VIPOnly toleration (014-demo-daemonset.yaml). */
const DEMO_DAEMON_TOLERATING_VIP = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    app: demo-daemon
  name: demo-daemon
spec:
  selector:
    matchLabels:
      app: demo-daemon
  template:
    metadata:
      labels:
        app: demo-daemon
    spec:
      containers:
      - name: demo
        image: demo:1.0.0
      tolerations:           # tolerations
      - key: "VIPOnly"       #
        operator: "Equal"    #
        value: "true"        #
        effect: "NoExecute"  #
`;

const VIP_ONLY = new Taint({ key: 'VIPOnly', value: 'true', effect: TaintEffect.NO_EXECUTE });
const WORKERS = ['kind-worker', 'kind-worker2', 'kind-worker3'];
const ALL_NODES = ['kind-control-plane', ...WORKERS];

/** A Node as `kubectl get node NAME -o json` prints it (the parts placement reads). */
function node(name: string, labels: { [key: string]: string } = {}, taints: any[] = []): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels },
    },
    spec: taints.length ? { taints } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A pod template spec with one container and these fields. */
const pod = (fields: any = {}): any => ({ containers: [{ name: 'demo', image: IMAGE }], ...fields });

/** A DaemonSet object around a pod template spec. */
function daemonSet(name: string, spec: any = {}, extra: { namespace?: string; labels?: { [key: string]: string } } = {}): any {
  const labels = extra.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod(spec) } },
  };
}

/** A chart with one NodeDaemon (id `Demo`, name `demo-daemon`, namespace `dev-system`). */
function daemonChart(props: Partial<NodeDaemonProps> = {}): Chart {
  const chart = Testing.chart();
  new NodeDaemon(chart, 'Demo', { image: IMAGE, name: 'demo-daemon', namespace: 'dev-system', ...props });
  Testing.synth(chart); // schema-checked by the jest setup
  return chart;
}

/** The nodes that get a pod, for the one DaemonSet of the manifests. */
function runsOn(manifests: any, cluster?: ClusterInventory): string[] {
  const report = Placement.preview(manifests, cluster);
  expect(report.daemonSets).toHaveLength(1);
  return report.daemonSets[0].nodes.filter(n => n.shouldRun).map(n => n.node);
}

/** The decision of the one DaemonSet of the manifests on one node. */
function decisionOn(manifests: any, nodeName: string, cluster?: ClusterInventory) {
  const report = Placement.preview(manifests, cluster);
  expect(report.daemonSets).toHaveLength(1);
  return report.daemonSets[0].nodes.find(n => n.node === nodeName)!;
}

/** Decision of a pod spec on a node labelled with `labels` (affinity tests). */
const onLabels = (spec: any, labels: { [key: string]: string }, name = 'n1') => Placement.evaluate(pod(spec), node(name, labels));

/** A pod spec with required node affinity of these terms. */
const affinity = (...nodeSelectorTerms: any[]): any => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } },
});
const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });

describe('the tutorials\' scenarios', () => {
  describe('the control-plane taint keeps a plain daemon off', () => {
    test.each([
      ['the tutorial\'s YAML', () => DEMO_DAEMON],
      ['a NodeDaemon', () => daemonChart()],
    ])('%s: pods on the three workers, DESIRED 3', (_, manifests) => {
      // WHEN
      const report = Placement.preview(manifests());

      // THEN
      expect(report.daemonSets.map(ds => [ds.name, ds.desired])).toEqual([['demo-daemon', 3]]);
      expect(runsOn(manifests())).toEqual(WORKERS);
      const cp = decisionOn(manifests(), 'kind-control-plane');
      expect(cp).toEqual({
        node: 'kind-control-plane',
        shouldRun: false,
        shouldContinueRunning: true,
        reasons: ['untolerated taint node-role.kubernetes.io/control-plane:NoSchedule: no new pod, but a running one stays'],
        pendingReasons: [],
        preempts: [],
        surgeReasons: [],
      });
    });

    test('on the control-plane Node JSON alone', () => {
      // GIVEN
      const cp = ClusterInventory.sample().node('kind-control-plane');

      // WHEN
      const decision = Placement.evaluate(pod(), cp);

      // THEN
      expect(decision.shouldRun).toBe(false);
      expect(decision.shouldContinueRunning).toBe(true);
      expect(decision.reasons.join(' ')).toContain('node-role.kubernetes.io/control-plane:NoSchedule');
    });

    test('Toleration.controlPlane() puts the daemon on all four nodes', () => {
      expect(runsOn(daemonChart({ tolerations: Toleration.controlPlane() }))).toEqual(ALL_NODES);
      expect(decisionOn(daemonChart({ tolerations: Toleration.controlPlane() }), 'kind-control-plane').reasons)
        .toEqual(['tolerates node-role.kubernetes.io/control-plane:NoSchedule']);
    });
  });

  describe('VIPOnly=true:NoExecute on kind-worker3 evicts until tolerated', () => {
    const tainted = () => ClusterInventory.sample().withTaint('kind-worker3', VIP_ONLY);

    test.each([
      ['the tutorial\'s YAML', () => DEMO_DAEMON],
      ['a NodeDaemon', () => daemonChart()],
    ])('%s without the toleration: kind-worker3 has no pod and a running one is evicted', (_, manifests) => {
      // WHEN
      const decision = decisionOn(manifests(), 'kind-worker3', tainted());

      // THEN
      expect(runsOn(manifests(), tainted())).toEqual(['kind-worker', 'kind-worker2']);
      expect(decision).toEqual({
        node: 'kind-worker3',
        shouldRun: false,
        shouldContinueRunning: false,
        reasons: ['untolerated taint VIPOnly=true:NoExecute: no pod, and a running one is evicted'],
        pendingReasons: [],
        preempts: [],
        surgeReasons: [],
      });
    });

    test.each([
      ['the tutorial\'s YAML (014)', () => DEMO_DAEMON_TOLERATING_VIP],
      ['a NodeDaemon with Toleration.equal', () => daemonChart({ tolerations: [Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE })] })],
    ])('%s with the toleration: back on all three workers, still not on the control plane', (_, manifests) => {
      // WHEN
      const report = Placement.preview(manifests(), tainted());

      // THEN
      expect(report.daemonSets[0].desired).toBe(3);
      expect(runsOn(manifests(), tainted())).toEqual(WORKERS);
      expect(decisionOn(manifests(), 'kind-worker3', tainted()).reasons).toEqual(['tolerates VIPOnly=true:NoExecute']);
      expect(decisionOn(manifests(), 'kind-control-plane', tainted()).shouldRun).toBe(false);
    });

    test('a toleration with another value does not tolerate it', () => {
      const spec = pod({ tolerations: [{ key: 'VIPOnly', operator: 'Equal', value: 'false', effect: 'NoExecute' }] });
      expect(Placement.evaluate(spec, tainted().node('kind-worker3'))).toMatchObject({ shouldRun: false, shouldContinueRunning: false });
    });

    test('Exists on the key, or an empty effect, tolerates it', () => {
      const w3 = tainted().node('kind-worker3');
      expect(Placement.evaluate(pod({ tolerations: [{ key: 'VIPOnly', operator: 'Exists' }] }), w3).shouldRun).toBe(true);
      expect(Placement.evaluate(pod({ tolerations: [{ key: 'VIPOnly', value: 'true' }] }), w3).shouldRun).toBe(true);
      expect(Placement.evaluate(pod({ tolerations: [{ operator: 'Exists' }] }), w3).shouldRun).toBe(true);
    });
  });

  describe('nodeSelector disktype=ssd', () => {
    test.each([
      ['a NodeDaemon', () => daemonChart({ nodeSelector: { disktype: 'ssd' } })],
      ['a hand-written DaemonSet', () => [daemonSet('demo-daemon', { nodeSelector: { disktype: 'ssd' } })]],
    ])('%s on a cluster without the label: DESIRED 0, and the reason names the label', (_, manifests) => {
      // WHEN
      const ds = Placement.preview(manifests()).daemonSets[0];

      // THEN
      expect(ds.desired).toBe(0);
      expect(ds.nodeSelector).toBe('disktype=ssd');
      for (const n of ds.nodes) {
        expect(n).toMatchObject({ shouldRun: false, shouldContinueRunning: false, reasons: ['nodeSelector disktype=ssd: the node has no label disktype'] });
      }
    });

    test('after `kubectl label nodes kind-worker disktype=ssd`: DESIRED 1, on kind-worker', () => {
      // GIVEN
      const cluster = ClusterInventory.sample().withLabel('kind-worker', 'disktype', 'ssd');

      // WHEN
      const ds = Placement.preview(daemonChart({ nodeSelector: { disktype: 'ssd' } }), cluster).daemonSets[0];

      // THEN
      expect(ds.desired).toBe(1);
      expect(ds.nodes.filter(n => n.shouldRun).map(n => n.node)).toEqual(['kind-worker']);
    });

    test('a node with another value of the label: the reason shows the value', () => {
      const decision = Placement.evaluate(pod({ nodeSelector: { disktype: 'ssd' } }), node('n1', { disktype: 'hdd' }));
      expect(decision).toEqual({ shouldRun: false, shouldContinueRunning: false, reasons: ['nodeSelector disktype=ssd: the node has disktype=hdd'] });
    });

    test('kubernetes.io/hostname pins the daemon to one node', () => {
      expect(runsOn(daemonChart({ nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } }))).toEqual(['kind-worker2']);
    });

    test('every key must match', () => {
      const spec = pod({ nodeSelector: { 'disktype': 'ssd', 'kubernetes.io/os': 'windows' } });
      const decision = Placement.evaluate(spec, node('n1', { disktype: 'ssd' }));
      expect(decision.shouldRun).toBe(false);
      expect(decision.reasons).toEqual(['nodeSelector kubernetes.io/os=windows: the node has kubernetes.io/os=linux']);
      expect(Placement.evaluate(pod({ nodeSelector: { 'disktype': 'ssd', 'kubernetes.io/os': 'linux' } }), node('n1', { disktype: 'ssd' })).shouldRun).toBe(true);
    });

    test('an empty value needs the label, with an empty value', () => {
      expect(Placement.evaluate(pod({ nodeSelector: { gpu: '' } }), node('n1')).shouldRun).toBe(false);
      expect(Placement.evaluate(pod({ nodeSelector: { gpu: '' } }), node('n1', { gpu: '' })).shouldRun).toBe(true);
    });
  });

  describe('a cordoned node keeps its daemon pod', () => {
    test.each([
      ['the tutorial\'s YAML', () => DEMO_DAEMON],
      ['a NodeDaemon', () => daemonChart()],
    ])('%s: kind-worker cordoned still runs the daemon (controller-added unschedulable toleration)', (_, manifests) => {
      // GIVEN
      const cluster = ClusterInventory.sample().cordon('kind-worker');

      // WHEN
      const decision = decisionOn(manifests(), 'kind-worker', cluster);

      // THEN
      expect(Placement.preview(manifests(), cluster).daemonSets[0].desired).toBe(3);
      expect(decision).toEqual({
        node: 'kind-worker',
        shouldRun: true,
        shouldContinueRunning: true,
        reasons: ['tolerates node.kubernetes.io/unschedulable:NoSchedule (the DaemonSet controller adds this toleration)'],
        pendingReasons: [],
        preempts: [],
        surgeReasons: [],
      });
    });

    test('a node that only says spec.unschedulable (no taint written) is treated as cordoned', () => {
      const cordoned = { ...node('n1'), spec: { unschedulable: true } };
      expect(Placement.evaluate(pod(), cordoned)).toEqual({
        shouldRun: true,
        shouldContinueRunning: true,
        reasons: ['tolerates node.kubernetes.io/unschedulable:NoSchedule (the DaemonSet controller adds this toleration)'],
      });
    });
  });

  describe('hostNetwork decides node.kubernetes.io/network-unavailable', () => {
    const netDown = () => node('n1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);

    test('a plain daemon pod stays off a node whose network is not set up', () => {
      expect(Placement.evaluate(pod(), netDown())).toEqual({
        shouldRun: false,
        shouldContinueRunning: true,
        reasons: ['untolerated taint node.kubernetes.io/network-unavailable:NoSchedule: no new pod, but a running one stays'],
      });
    });

    test('a hostNetwork daemon pod (a CNI agent) runs there', () => {
      expect(Placement.evaluate(pod({ hostNetwork: true }), netDown())).toEqual({
        shouldRun: true,
        shouldContinueRunning: true,
        reasons: ['tolerates node.kubernetes.io/network-unavailable:NoSchedule (the DaemonSet controller adds this toleration)'],
      });
    });

    test('the same through preview, with NodeDaemon hostNetwork true and false', () => {
      // GIVEN
      const cluster = ClusterInventory.sample().withTaint('kind-worker2', new Taint({ key: 'node.kubernetes.io/network-unavailable', effect: TaintEffect.NO_SCHEDULE }));

      // THEN
      expect(runsOn(daemonChart(), cluster)).toEqual(['kind-worker', 'kind-worker3']);
      expect(runsOn(daemonChart({ hostNetwork: true }), cluster)).toEqual(WORKERS);
    });
  });
});

describe('Placement.evaluate: taints', () => {
  describe('the tolerations the DaemonSet controller adds to every daemon pod', () => {
    test.each([
      ['node.kubernetes.io/not-ready', 'NoExecute'],
      ['node.kubernetes.io/unreachable', 'NoExecute'],
      ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
      ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
      ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
      ['node.kubernetes.io/unschedulable', 'NoSchedule'],
    ])('%s:%s is tolerated', (key, effect) => {
      // WHEN
      const decision = Placement.evaluate(pod(), node('n1', {}, [{ key, effect }]));

      // THEN
      expect(decision).toEqual({
        shouldRun: true,
        shouldContinueRunning: true,
        reasons: [`tolerates ${key}:${effect} (the DaemonSet controller adds this toleration)`],
      });
    });

    test('only with the effect the controller adds: not-ready with NoSchedule is not tolerated', () => {
      const decision = Placement.evaluate(pod(), node('n1', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]));
      expect(decision).toMatchObject({ shouldRun: false, shouldContinueRunning: true });
    });

    test('disk-pressure with NoExecute is not tolerated: evicted', () => {
      const decision = Placement.evaluate(pod(), node('n1', {}, [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoExecute' }]));
      expect(decision).toMatchObject({ shouldRun: false, shouldContinueRunning: false });
    });

    test('network-unavailable:NoSchedule only with hostNetwork (hostNetwork false is like absent)', () => {
      const n = node('n1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
      expect(Placement.evaluate(pod({ hostNetwork: true }), n).shouldRun).toBe(true);
      expect(Placement.evaluate(pod({ hostNetwork: false }), n).shouldRun).toBe(false);
      expect(Placement.evaluate(pod(), n).shouldRun).toBe(false);
    });

    test('the pod\'s own toleration is named without the controller note', () => {
      const spec = pod({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] });
      expect(Placement.evaluate(spec, node('n1', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }])).reasons)
        .toEqual(['tolerates node.kubernetes.io/not-ready:NoExecute']);
    });
  });

  test('an unrelated NoSchedule taint: no new pod, a running one stays', () => {
    expect(Placement.evaluate(pod(), node('n1', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]))).toEqual({
      shouldRun: false,
      shouldContinueRunning: true,
      reasons: ['untolerated taint dedicated=gpu:NoSchedule: no new pod, but a running one stays'],
    });
  });

  test('an unrelated NoExecute taint: no pod, a running one is evicted', () => {
    expect(Placement.evaluate(pod(), node('n1', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }]))).toEqual({
      shouldRun: false,
      shouldContinueRunning: false,
      reasons: ['untolerated taint dedicated=gpu:NoExecute: no pod, and a running one is evicted'],
    });
  });

  test('NoExecute decides over NoSchedule, whatever their order', () => {
    const taints = [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }];
    const decision = Placement.evaluate(pod(), node('n1', {}, taints));
    expect(decision).toEqual({ shouldRun: false, shouldContinueRunning: false, reasons: ['untolerated taint b:NoExecute: no pod, and a running one is evicted'] });
  });

  test('of two untolerated taints of one effect, the first is named', () => {
    const evicting = Placement.evaluate(pod(), node('n1', {}, [{ key: 'a', effect: 'NoExecute' }, { key: 'b', effect: 'NoExecute' }]));
    expect(evicting.reasons).toEqual(['untolerated taint a:NoExecute: no pod, and a running one is evicted']);
    const blocking = Placement.evaluate(pod(), node('n1', {}, [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }]));
    expect(blocking.reasons).toEqual(['untolerated taint a:NoSchedule: no new pod, but a running one stays']);
  });

  test('tolerating the NoExecute taint but not the NoSchedule one: the running pod stays', () => {
    const taints = [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }];
    const decision = Placement.evaluate(pod({ tolerations: [{ key: 'b', operator: 'Exists' }] }), node('n1', {}, taints));
    expect(decision).toMatchObject({ shouldRun: false, shouldContinueRunning: true });
    expect(decision.reasons).toEqual(['untolerated taint a:NoSchedule: no new pod, but a running one stays']);
  });

  test('PreferNoSchedule never blocks, and the reason says so', () => {
    expect(Placement.evaluate(pod(), node('n1', {}, [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]))).toEqual({
      shouldRun: true,
      shouldContinueRunning: true,
      reasons: ['taint spot=true:PreferNoSchedule never blocks a daemon pod'],
    });
    // an effect Kubernetes does not know (no API server writes one) is no filter either, and no reason
    expect(Placement.evaluate(pod(), node('n1', {}, [{ key: 'odd', effect: 'Sometimes' }]))).toEqual({ shouldRun: true, shouldContinueRunning: true, reasons: [] });
  });

  test('an untainted node: runs, nothing to explain', () => {
    expect(Placement.evaluate(pod(), node('n1'))).toEqual({ shouldRun: true, shouldContinueRunning: true, reasons: [] });
  });

  test('Toleration.everything() runs through every taint', () => {
    const taints = [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', value: 'x', effect: 'NoExecute' }];
    expect(Placement.evaluate(pod({ tolerations: [{ operator: 'Exists' }] }), node('n1', {}, taints)).shouldRun).toBe(true);
  });

  test('the returned reasons are the caller\'s to change', () => {
    const n = node('n1', {}, [{ key: 'a', effect: 'NoSchedule' }]);
    const first = Placement.evaluate(pod(), n);
    first.reasons.push('mine');
    expect(Placement.evaluate(pod(), n).reasons).toHaveLength(1);
  });
});

describe('Placement.evaluate: nodeName', () => {
  test('a template nodeName runs the pod on that node only', () => {
    expect(Placement.evaluate(pod({ nodeName: 'n1' }), node('n1')).shouldRun).toBe(true);
    expect(Placement.evaluate(pod({ nodeName: 'n1' }), node('n2'))).toEqual({
      shouldRun: false,
      shouldContinueRunning: false,
      reasons: ['the pod template sets nodeName \'n1\''],
    });
  });

  test('an empty nodeName is no constraint', () => {
    expect(Placement.evaluate(pod({ nodeName: '' }), node('n2')).shouldRun).toBe(true);
  });

  test('nodeName does not bypass taints for a daemon pod', () => {
    expect(Placement.evaluate(pod({ nodeName: 'n1' }), node('n1', {}, [{ key: 'x', effect: 'NoExecute' }])).shouldRun).toBe(false);
  });
});

describe('Placement.evaluate: required node affinity', () => {
  describe('In', () => {
    const spec = affinity({ matchExpressions: [expr('zone', 'In', ['a', 'b'])] });
    test('label with one of the values: match', () => expect(onLabels(spec, { zone: 'b' }).shouldRun).toBe(true));
    test('label with another value: no match, reason names requirement and value', () => {
      expect(onLabels(spec, { zone: 'c' })).toEqual({ shouldRun: false, shouldContinueRunning: false, reasons: ['required node affinity not met: zone In [a, b] (zone=c)'] });
    });
    test('label absent: no match', () => {
      expect(onLabels(spec, {}).reasons).toEqual(['required node affinity not met: zone In [a, b] (label absent)']);
    });
  });

  describe('NotIn', () => {
    const spec = affinity({ matchExpressions: [expr('zone', 'NotIn', ['a'])] });
    test('label with the value: no match', () => {
      expect(onLabels(spec, { zone: 'a' }).reasons).toEqual(['required node affinity not met: zone NotIn [a] (zone=a)']);
    });
    test('label with another value: match', () => expect(onLabels(spec, { zone: 'b' }).shouldRun).toBe(true));
    test('label absent: match', () => expect(onLabels(spec, {}).shouldRun).toBe(true));
  });

  describe('Exists', () => {
    const spec = affinity({ matchExpressions: [expr('gpu', 'Exists')] });
    test('label present, even empty: match', () => expect(onLabels(spec, { gpu: '' }).shouldRun).toBe(true));
    test('label absent: no match', () => {
      expect(onLabels(spec, {}).reasons).toEqual(['required node affinity not met: gpu Exists (label absent)']);
    });
  });

  describe('DoesNotExist', () => {
    const spec = affinity({ matchExpressions: [expr('maintenance', 'DoesNotExist')] });
    test('label absent: match', () => expect(onLabels(spec, {}).shouldRun).toBe(true));
    test('label present: no match', () => {
      expect(onLabels(spec, { maintenance: 'true' }).reasons).toEqual(['required node affinity not met: maintenance DoesNotExist (maintenance=true)']);
    });
  });

  describe('Gt', () => {
    const spec = affinity({ matchExpressions: [expr('cores', 'Gt', ['8'])] });
    test.each([
      ['16', true], ['9', true], ['8', false], ['4', false], ['-20', false], ['+9', true], ['010', true],
    ])('cores=%s: %s', (value, expected) => expect(onLabels(spec, { cores: value }).shouldRun).toBe(expected));
    test('label absent: no match', () => {
      expect(onLabels(spec, {}).reasons).toEqual(['required node affinity not met: cores Gt [8] (label absent)']);
    });
    test.each(['eight', '8.5', '', ' 9', '9223372036854775808'])('a label that is not an int64 (%j): no match', (value) => {
      expect(onLabels(spec, { cores: value }).shouldRun).toBe(false);
    });
    test('compared as int64, exactly, beyond 2^53', () => {
      const big = affinity({ matchExpressions: [expr('id', 'Gt', ['9007199254740992'])] });
      expect(onLabels(big, { id: '9007199254740993' }).shouldRun).toBe(true);
      expect(onLabels(big, { id: '9007199254740992' }).shouldRun).toBe(false);
    });
    test('a requirement value that is not an integer matches no node', () => {
      expect(onLabels(affinity({ matchExpressions: [expr('cores', 'Gt', ['x'])] }), { cores: '16' }).shouldRun).toBe(false);
    });
  });

  describe('Lt', () => {
    const spec = affinity({ matchExpressions: [expr('generation', 'Lt', ['5'])] });
    test.each([
      ['4', true], ['-1', true], ['5', false], ['6', false],
    ])('generation=%s: %s', (value, expected) => expect(onLabels(spec, { generation: value }).shouldRun).toBe(expected));
    test('label absent: no match', () => expect(onLabels(spec, {}).shouldRun).toBe(false));
    test('a non-integer label: no match', () => expect(onLabels(spec, { generation: 'four' }).shouldRun).toBe(false));
  });

  test('an unknown operator matches no node', () => {
    expect(onLabels(affinity({ matchExpressions: [expr('zone', 'Like', ['a'])] }), { zone: 'a' }).shouldRun).toBe(false);
  });

  describe('matchFields metadata.name', () => {
    test('In: only that node', () => {
      const spec = affinity({ matchFields: [expr('metadata.name', 'In', ['kind-worker'])] });
      expect(runsOn([daemonSet('pinned', spec)])).toEqual(['kind-worker']);
      expect(Placement.evaluate(pod(spec), node('other')).reasons)
        .toEqual(['required node affinity not met: field metadata.name In [kind-worker] (node name other)']);
    });

    test('NotIn: every node but that one (that tolerates the rest)', () => {
      const spec = affinity({ matchFields: [expr('metadata.name', 'NotIn', ['kind-worker'])] });
      expect(runsOn([daemonSet('avoid', spec)])).toEqual(['kind-worker2', 'kind-worker3']);
    });

    test('NodeSelectorRequirement.nodeNameIs through a NodeDaemon', () => {
      expect(runsOn(daemonChart({ nodeAffinity: { required: [NodeSelectorTerm.of(Req.nodeNameIs('kind-worker3'))] } }))).toEqual(['kind-worker3']);
    });

    test('a field other than metadata.name matches no node', () => {
      expect(onLabels(affinity({ matchFields: [expr('spec.unschedulable', 'In', ['false'])] }), {}).shouldRun).toBe(false);
    });

    test('label expressions and field requirements in one term are ANDed', () => {
      const spec = affinity({ matchExpressions: [expr('zone', 'In', ['a'])], matchFields: [expr('metadata.name', 'In', ['n1'])] });
      expect(onLabels(spec, { zone: 'a' }, 'n1').shouldRun).toBe(true);
      expect(onLabels(spec, { zone: 'a' }, 'n2').shouldRun).toBe(false);
      expect(onLabels(spec, { zone: 'b' }, 'n1').shouldRun).toBe(false);
    });
  });

  test('terms are ORed: either term is enough, and the reason lists every term', () => {
    // GIVEN
    const spec = affinity(
      { matchExpressions: [expr('zone', 'In', ['a'])] },
      { matchExpressions: [expr('disktype', 'In', ['ssd'])] },
    );

    // THEN
    expect(onLabels(spec, { zone: 'a' }).shouldRun).toBe(true);
    expect(onLabels(spec, { disktype: 'ssd' }).shouldRun).toBe(true);
    expect(onLabels(spec, { zone: 'b', disktype: 'hdd' }).reasons)
      .toEqual(['required node affinity not met: zone In [a] (zone=b) OR disktype In [ssd] (disktype=hdd)']);
  });

  test('expressions in a term are ANDed: the first failing one is named', () => {
    // GIVEN
    const spec = affinity({ matchExpressions: [expr('zone', 'In', ['a']), expr('disktype', 'In', ['ssd'])] });

    // THEN
    expect(onLabels(spec, { zone: 'a', disktype: 'ssd' }).shouldRun).toBe(true);
    expect(onLabels(spec, { zone: 'a' }).reasons).toEqual(['required node affinity not met: disktype In [ssd] (label absent)']);
    expect(onLabels(spec, { disktype: 'ssd' }).shouldRun).toBe(false);
  });

  test('an empty term matches no node, but another term still can', () => {
    expect(onLabels(affinity({}), { zone: 'a' })).toEqual({
      shouldRun: false, shouldContinueRunning: false, reasons: ['required node affinity not met: an empty term matches no node'],
    });
    expect(onLabels(affinity({ matchExpressions: [], matchFields: [] }), {}).shouldRun).toBe(false);
    expect(onLabels(affinity({}, { matchExpressions: [expr('zone', 'Exists')] }), { zone: 'a' }).shouldRun).toBe(true);
  });

  test('required affinity without terms matches no node', () => {
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } };
    expect(onLabels(spec, {}).reasons).toEqual(['required node affinity not met: it has no nodeSelectorTerms, so it matches no node']);
    // the list absent is the same
    expect(onLabels({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } }, {}).reasons)
      .toEqual(['required node affinity not met: it has no nodeSelectorTerms, so it matches no node']);
  });

  test('preferred affinity alone never blocks', () => {
    const spec = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [expr('zone', 'In', ['a'])] } }] } } };
    expect(onLabels(spec, { zone: 'b' }).shouldRun).toBe(true);
  });

  test('nodeSelector AND required affinity must both hold', () => {
    // GIVEN
    const spec = { nodeSelector: { disktype: 'ssd' }, ...affinity({ matchExpressions: [expr('zone', 'In', ['a'])] }) };

    // THEN
    expect(onLabels(spec, { disktype: 'ssd', zone: 'a' }).shouldRun).toBe(true);
    expect(onLabels(spec, { disktype: 'ssd', zone: 'b' }).reasons).toEqual(['required node affinity not met: zone In [a] (zone=b)']);
    expect(onLabels(spec, { disktype: 'hdd', zone: 'a' }).reasons).toEqual(['nodeSelector disktype=ssd: the node has disktype=hdd']);
  });

  test('labels decide before taints: a label mismatch on a tainted node is about the label', () => {
    const spec = pod({ nodeSelector: { disktype: 'ssd' } });
    expect(Placement.evaluate(spec, node('n1', {}, [{ key: 'x', effect: 'NoExecute' }])).reasons).toEqual(['nodeSelector disktype=ssd: the node has no label disktype']);
  });

  test('every operator through a NodeDaemon matches as the raw JSON does', () => {
    // GIVEN: kind-worker has cores=16 and pool=general; kind-worker2 cores=4; kind-worker3 nothing
    const cluster = ClusterInventory.sample()
      .withLabel('kind-worker', 'example.com/cores', '16')
      .withLabel('kind-worker', 'example.com/pool', 'general')
      .withLabel('kind-worker2', 'example.com/cores', '4');
    const on = (...requirements: Req[]) => runsOn(daemonChart({ nodeAffinity: { required: [NodeSelectorTerm.of(...requirements)] } }), cluster);

    // THEN
    expect(on(Req.in('example.com/pool', ['general']))).toEqual(['kind-worker']);
    expect(on(Req.notIn('example.com/pool', ['general']))).toEqual(['kind-worker2', 'kind-worker3']);
    expect(on(Req.exists('example.com/cores'))).toEqual(['kind-worker', 'kind-worker2']);
    expect(on(Req.doesNotExist('example.com/cores'))).toEqual(['kind-worker3']);
    expect(on(Req.gt('example.com/cores', 8))).toEqual(['kind-worker']);
    expect(on(Req.lt('example.com/cores', 8))).toEqual(['kind-worker2']);
    expect(on(Req.exists('example.com/cores'), Req.lt('example.com/cores', 8))).toEqual(['kind-worker2']);
  });
});

describe('Placement.preview', () => {
  describe('DESIRED on the sample cluster', () => {
    test('a plain daemon: 3', () => expect(Placement.preview(daemonChart()).daemonSets[0].desired).toBe(3));
    test('with Toleration.controlPlane(): 4', () => expect(Placement.preview(daemonChart({ tolerations: Toleration.controlPlane() })).daemonSets[0].desired).toBe(4));
    test('the default cluster is the sample cluster', () => {
      expect(Placement.preview(DEMO_DAEMON)).toEqual(Placement.preview(DEMO_DAEMON, ClusterInventory.sample()));
      expect(Placement.preview(DEMO_DAEMON).nodes).toEqual(ALL_NODES);
    });
  });

  describe('input forms', () => {
    test('an array of objects, in manifest order, with name and namespace', () => {
      // WHEN
      const report = Placement.preview([daemonSet('a', {}, { namespace: 'ns1' }), daemonSet('b')]);

      // THEN
      expect(report.daemonSets.map(ds => [ds.namespace, ds.name, ds.desired])).toEqual([['ns1', 'a', 3], [undefined, 'b', 3]]);
    });

    test('a single object', () => {
      expect(Placement.preview(daemonSet('a')).daemonSets.map(ds => ds.name)).toEqual(['a']);
    });

    test('a cdk8s Chart (other objects of the chart are ignored)', () => {
      // GIVEN: the NodeDaemon also makes a ServiceAccount
      const chart = daemonChart();

      // WHEN
      const report = Placement.preview(chart);

      // THEN
      expect(report.daemonSets.map(ds => [ds.namespace, ds.name, ds.desired])).toEqual([['dev-system', 'demo-daemon', 3]]);
    });

    test('a cdk8s App with two charts', () => {
      // GIVEN
      const app = Testing.app();
      new NodeDaemon(new Chart(app, 'One', { namespace: 'one' }), 'Agent', { image: IMAGE });
      new NodeDaemon(new Chart(app, 'Two', { namespace: 'two' }), 'Agent', { image: IMAGE, tolerations: Toleration.controlPlane() });

      // WHEN
      const report = Placement.preview(app);

      // THEN
      expect(report.daemonSets.map(ds => [ds.namespace, ds.name, ds.desired])).toEqual([['one', 'agent', 3], ['two', 'agent', 4]]);
    });

    test('add* calls after construction count (the spec renders lazily)', () => {
      // GIVEN
      const chart = Testing.chart();
      const daemon = new NodeDaemon(chart, 'Demo', { image: IMAGE });

      // WHEN
      daemon.addContainer({ name: 'sidecar', image: 'busybox:1.36' });

      // THEN
      expect(Placement.preview(chart).daemonSets[0].desired).toBe(3);
    });

    test('YAML text with several documents: non-DaemonSets ignored, `kind: List` flattened, empty documents skipped', () => {
      // GIVEN
      const yaml = [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev-system',
        DEMO_DAEMON,
        '# only a comment',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]',
        [
          'apiVersion: v1',
          'kind: List',
          'items:',
          '- apiVersion: v1',
          '  kind: ConfigMap',
          '  metadata: {name: cfg}',
          '- apiVersion: apps/v1',
          '  kind: DaemonSet',
          '  metadata: {name: everywhere, namespace: kube-system}',
          '  spec:',
          '    selector: {matchLabels: {app: everywhere}}',
          '    template:',
          '      metadata: {labels: {app: everywhere}}',
          '      spec:',
          '        containers: [{name: c, image: busybox}]',
          '        tolerations: [{operator: Exists}]',
        ].join('\n'),
      ].join('\n---\n');

      // WHEN
      const report = Placement.preview(yaml);

      // THEN
      expect(report.daemonSets.map(ds => [ds.namespace, ds.name, ds.desired])).toEqual([[undefined, 'demo-daemon', 3], ['kube-system', 'everywhere', 4]]);
    });

    test('input with no DaemonSet: an empty report', () => {
      const report = Placement.preview('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
      expect(report.daemonSets).toEqual([]);
      expect(report.coverage).toEqual([]);
      expect(report.nodes).toEqual(ALL_NODES);
    });

    test('malformed YAML text is a clear error with the line', () => {
      expect(() => Placement.preview('kind: DaemonSet\nmetadata:\n  name: [unclosed\n')).toThrow(/malformed YAML/);
    });

    test('a DaemonSet without spec.template.spec is a clear error', () => {
      expect(() => Placement.preview([{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'broken' }, spec: { template: {} } }]))
        .toThrow(/DaemonSet 'broken' has no spec.template.spec/);
      expect(() => Placement.preview([{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'nospec' } }]))
        .toThrow(/DaemonSet 'nospec' has no spec.template.spec/);
    });
  });

  describe('the NODE SELECTOR column (kubectl get ds)', () => {
    test('<none> without a nodeSelector', () => {
      expect(Placement.preview(DEMO_DAEMON).daemonSets[0].nodeSelector).toBe('<none>');
      expect(Placement.preview([daemonSet('a', { nodeSelector: {} })]).daemonSets[0].nodeSelector).toBe('<none>');
    });

    test('key=value pairs, sorted and comma-separated as kubectl prints them (labels.FormatLabels)', () => {
      const ds = daemonSet('a', { nodeSelector: { 'kubernetes.io/os': 'linux', 'disktype': 'ssd' } });
      expect(Placement.preview([ds]).daemonSets[0].nodeSelector).toBe('disktype=ssd,kubernetes.io/os=linux');
    });

    test('required node affinity is not part of it', () => {
      const ds = daemonSet('a', affinity({ matchExpressions: [expr('zone', 'Exists')] }));
      expect(Placement.preview([ds]).daemonSets[0].nodeSelector).toBe('<none>');
    });
  });

  describe('coverage across the variants of one logical daemon', () => {
    /** A variant of `node-agent` in `monitoring`, as a Helm chart writes them: one DaemonSet per hardware type. */
    const variant = (instance: string, requirement: any) => daemonSet(`node-agent-${instance}`, affinity({ matchExpressions: [requirement] }), {
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'node-agent', 'app.kubernetes.io/instance': instance },
    });

    test('nodes with no pod and nodes with more than one', () => {
      // GIVEN: kind-worker has an ssd, kind-worker2 an hdd, kind-worker3 no disktype label
      const cluster = ClusterInventory.sample().withLabel('kind-worker', 'disktype', 'ssd').withLabel('kind-worker2', 'disktype', 'hdd');
      const manifests = [
        variant('ssd', expr('disktype', 'In', ['ssd'])),
        variant('any-disk', expr('disktype', 'Exists')),
        daemonSet('other', {}, { namespace: 'monitoring' }),
      ];

      // WHEN
      const report = Placement.preview(manifests, cluster);

      // THEN
      expect(report.coverage).toEqual([
        {
          daemon: 'monitoring/node-agent',
          daemonSets: ['node-agent-ssd', 'node-agent-any-disk'],
          uncovered: ['kind-control-plane', 'kind-worker3'],
          overlapping: [{ node: 'kind-worker', daemonSets: ['node-agent-ssd', 'node-agent-any-disk'] }],
        },
        { daemon: 'monitoring/other', daemonSets: ['other'], uncovered: ['kind-control-plane'], overlapping: [] },
      ]);
    });

    test('variants that split the nodes cleanly: full coverage, no overlap', () => {
      const cluster = ClusterInventory.sample().withLabel('kind-worker', 'disktype', 'ssd');
      const report = Placement.preview([
        variant('ssd', expr('disktype', 'In', ['ssd'])),
        variant('other', expr('disktype', 'NotIn', ['ssd'])),
      ], cluster);
      expect(report.coverage).toEqual([{
        daemon: 'monitoring/node-agent',
        daemonSets: ['node-agent-ssd', 'node-agent-other'],
        uncovered: ['kind-control-plane'],
        overlapping: [],
      }]);
    });

    test('the same app name in two namespaces is two daemons', () => {
      const labels = { 'app.kubernetes.io/name': 'agent' };
      const report = Placement.preview([daemonSet('agent', {}, { namespace: 'a', labels }), daemonSet('agent', {}, { namespace: 'b', labels })]);
      expect(report.coverage.map(c => c.daemon)).toEqual(['a/agent', 'b/agent']);
    });

    test('a DaemonSet without namespace is named by its name alone', () => {
      expect(Placement.preview(DEMO_DAEMON).coverage).toEqual([
        { daemon: 'demo-daemon', daemonSets: ['demo-daemon'], uncovered: ['kind-control-plane'], overlapping: [] },
      ]);
    });
  });
});

describe('Placement.drain', () => {
  const deployment = (name: string, spec: any = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'apps' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod(spec) } },
  });
  const bare = (name: string, spec: any = {}, metadata: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps', ...metadata }, spec: pod(spec) });
  const emptyDir = { volumes: [{ name: 'scratch', emptyDir: {} }] };

  test('a daemon on the node: --ignore-daemonsets, and it stays on the cordoned node', () => {
    // WHEN
    const report = Placement.drain(daemonChart(), 'kind-worker');

    // THEN
    expect(report.node).toBe('kind-worker');
    expect(report.command).toBe('kubectl drain kind-worker --ignore-daemonsets');
    expect(report.flags).toEqual(['--ignore-daemonsets']);
    expect(report.daemonSetPods).toEqual([{
      kind: 'DaemonSet',
      name: 'demo-daemon',
      namespace: 'dev-system',
      emptyDir: false,
      note: 'DaemonSet-managed: drain refuses it without --ignore-daemonsets, then leaves it running on the cordoned node (it tolerates node.kubernetes.io/unschedulable)',
    }]);
    expect(report.otherPods).toEqual([]);
    expect(report.notes[0]).toMatch(/^node\/kind-worker cordoned: .*DaemonSet pods tolerate node\.kubernetes\.io\/unschedulable and keep running/);
    expect(report.notes).toContain('without --ignore-daemonsets drain stops with: cannot delete DaemonSet-managed Pods: dev-system/demo-daemon');
  });

  test('a Deployment with emptyDir: --delete-emptydir-data', () => {
    // WHEN
    const report = Placement.drain([deployment('cache', emptyDir)], 'kind-worker');

    // THEN
    expect(report.command).toBe('kubectl drain kind-worker --delete-emptydir-data');
    expect(report.otherPods).toEqual([{
      kind: 'Deployment',
      name: 'cache',
      namespace: 'apps',
      emptyDir: true,
      note: 'may run on this node; drain needs --delete-emptydir-data (its emptyDir data is lost)',
    }]);
    expect(report.notes).toContain('without --delete-emptydir-data drain stops with: cannot delete Pods with local storage: apps/cache');
  });

  test('a CronJob\'s pods (its job template\'s) count too: emptyDir named', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'apps' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: pod({ ...emptyDir, restartPolicy: 'OnFailure' }) } } } },
    };
    expect(Placement.drain([cronJob], 'kind-worker').otherPods).toEqual([{
      kind: 'CronJob', name: 'backup', namespace: 'apps', emptyDir: true, note: 'may run on this node; drain needs --delete-emptydir-data (its emptyDir data is lost)',
    }]);
  });

  test('a Deployment without emptyDir needs no flag: it is evicted and rescheduled', () => {
    const report = Placement.drain([deployment('web')], 'kind-worker');
    expect(report.command).toBe('kubectl drain kind-worker');
    expect(report.otherPods.map(p => p.note)).toEqual(['may run on this node; drain evicts it and its controller starts it elsewhere']);
  });

  test('a bare Pod with nodeName kind-worker: --force', () => {
    const report = Placement.drain([bare('debug', { nodeName: 'kind-worker' })], 'kind-worker');
    expect(report.command).toBe('kubectl drain kind-worker --force');
    expect(report.otherPods).toEqual([{
      kind: 'Pod',
      name: 'debug',
      namespace: 'apps',
      emptyDir: false,
      note: 'runs on this node; drain needs --force (no controller recreates it; it is deleted for good)',
    }]);
  });

  test('a bare Pod with emptyDir needs both --delete-emptydir-data and --force', () => {
    const report = Placement.drain([bare('debug', { nodeName: 'kind-worker', ...emptyDir })], 'kind-worker');
    expect(report.flags).toEqual(['--delete-emptydir-data', '--force']);
  });

  test('a Pod with a controller ownerReference is not bare: no --force', () => {
    // GIVEN: a pod as its ReplicaSet made it (kubectl drain's unreplicatedFilter only asks for a controller ref)
    const owned = bare('web-5d4f8-abcde', { nodeName: 'kind-worker' }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8', uid: '3f2a', controller: true }],
    });

    // WHEN
    const report = Placement.drain([owned], 'kind-worker');

    // THEN
    expect(report.flags).toEqual([]);
    expect(report.command).toBe('kubectl drain kind-worker');
  });

  test('a Pod whose owner references name no controller still needs --force', () => {
    const owned = bare('orphan', { nodeName: 'kind-worker' }, {
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'holder', uid: '9c1e' }],
    });
    expect(Placement.drain([owned], 'kind-worker').flags).toEqual(['--force']);
  });

  test('a bare Pod pinned to another node is not listed', () => {
    const report = Placement.drain([bare('debug', { nodeName: 'kind-worker2' })], 'kind-worker');
    expect(report.otherPods).toEqual([]);
    expect(report.command).toBe('kubectl drain kind-worker');
  });

  test('a daemon with emptyDir: no --delete-emptydir-data for it (the daemonSet filter runs before the local-storage filter)', () => {
    // WHEN
    const report = Placement.drain(daemonChart({ emptyDirs: [{ name: 'buffer', mountPath: '/buffer' }] }), 'kind-worker');

    // THEN
    expect(report.flags).toEqual(['--ignore-daemonsets']);
    expect(report.daemonSetPods[0].emptyDir).toBe(true);
    expect(report.daemonSetPods[0].note).toContain('its emptyDir data stays');
  });

  test('a daemon whose nodeSelector points elsewhere is not listed', () => {
    const report = Placement.drain(daemonChart({ nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } }), 'kind-worker');
    expect(report.daemonSetPods).toEqual([]);
    expect(report.command).toBe('kubectl drain kind-worker');
  });

  test('draining the control plane: only daemons that tolerate its taint have a pod there', () => {
    // GIVEN
    const manifests = [daemonSet('plain'), daemonSet('everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] })];

    // WHEN
    const report = Placement.drain(manifests, 'kind-control-plane');

    // THEN
    expect(report.daemonSetPods.map(p => p.name)).toEqual(['everywhere']);
  });

  test('everything together, in manifest order', () => {
    // GIVEN
    const manifests = [
      ...Testing.synth(daemonChart()),
      deployment('cache', emptyDir),
      bare('debug', { nodeName: 'kind-worker' }),
    ];

    // WHEN
    const report = Placement.drain(manifests, 'kind-worker');

    // THEN
    expect(report.command).toBe('kubectl drain kind-worker --ignore-daemonsets --delete-emptydir-data --force');
    expect(report.daemonSetPods.map(p => p.name)).toEqual(['demo-daemon']);
    expect(report.otherPods.map(p => p.name)).toEqual(['cache', 'debug']);
  });

  test('no workload on the node: plain kubectl drain, the note still tells of the cordon', () => {
    const report = Placement.drain([], 'kind-worker2');
    expect(report.command).toBe('kubectl drain kind-worker2');
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatch(/^node\/kind-worker2 cordoned/);
  });

  test('on a custom cluster', () => {
    const cluster = ClusterInventory.fromNodeList([node('n1'), node('n2', {}, [{ key: 'x', effect: 'NoExecute' }])]);
    expect(Placement.drain(DEMO_DAEMON, 'n1', cluster).daemonSetPods.map(p => p.name)).toEqual(['demo-daemon']);
    expect(Placement.drain(DEMO_DAEMON, 'n2', cluster).daemonSetPods).toEqual([]);
  });

  test('an unknown node is a clear error naming the nodes', () => {
    expect(() => Placement.drain(DEMO_DAEMON, 'kind-worker9')).toThrow(
      "no node 'kind-worker9' in the cluster (nodes: kind-control-plane, kind-worker, kind-worker2, kind-worker3)",
    );
  });

  test('an App as input', () => {
    const app = new App();
    new NodeDaemon(new Chart(app, 'One'), 'Agent', { image: IMAGE });
    expect(Placement.drain(app, 'kind-worker3').daemonSetPods.map(p => p.name)).toEqual(['agent']);
  });
});

describe('Placement.evaluate with a bad node', () => {
  test('names the problem in terms of a single Node', () => {
    expect(() => Placement.evaluate({ containers: [] }, { kind: 'Node', metadata: {} }))
      .toThrow("Placement.evaluate: node is not a Node as 'kubectl get node NAME -o json' prints it: no metadata.name");
    expect(() => Placement.evaluate({ containers: [] }, { kind: 'Pod', metadata: { name: 'x' } }))
      .toThrow(/^Placement\.evaluate: node is not a Node .*: kind 'Pod', not a Node$/);
  });
});

describe('terms Kubernetes cannot parse (found by the conformance run against NodeShouldRunDaemonPod)', () => {
  const nodeB = { kind: 'Node', metadata: { name: 'node-b', labels: { 'kubernetes.io/hostname': 'node-b' } }, spec: {} };
  const withTerms = (terms: any[]) => ({
    containers: [{ name: 'c', image: 'x:1' }],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
  });

  test('matchFields with two values matches no node, while another term still can', () => {
    const twoValues = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b', 'node-b'] }] };
    const d = Placement.evaluate(withTerms([twoValues]), nodeB);
    expect(d.shouldRun).toBe(false);
    expect(d.reasons[0]).toMatch(/a term Kubernetes cannot parse matches no node \(field metadata\.name In \[node-b, node-b\] needs In or NotIn with exactly one value\)/);
    expect(Placement.evaluate(withTerms([twoValues, { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'Exists' }] }]), nodeB).shouldRun).toBe(true);
  });

  test('each parse rule, on a node the term would otherwise match, with the reason (issue 23: hand mutation audit)', () => {
    const labelled = { ...nodeB, metadata: { name: 'node-b', labels: { 'kubernetes.io/hostname': 'node-b', 'gpu': '1' } } };
    const reason = (term: any, n: any = labelled) => {
      const d = Placement.evaluate(withTerms([term]), n);
      return d.shouldRun ? 'runs' : d.reasons[0].replace('required node affinity not met: a term Kubernetes cannot parse matches no node ', '');
    };
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] })).toBe('runs');
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['1'] }] })).toBe('(gpu Exists has values)');
    expect(reason({ matchExpressions: [{ key: 'cpu', operator: 'DoesNotExist', values: ['1'] }] })).toBe('(cpu DoesNotExist has values)');
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['0'] }] })).toBe('runs');
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['0', '0'] }] })).toBe('(gpu Gt needs exactly one integer)');
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Lt', values: ['x'] }] })).toBe('(gpu Lt needs exactly one integer)');
    // a value from YAML that is no string (an unquoted number) is refused by the API server: no match
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'In', values: [1] }] })).toBe('(\'1\' is not a label value)');
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['1'] }] })).toBe('runs');
    expect(reason({ matchFields: [{ key: 'spec.nodeName', operator: 'In', values: ['node-b'] }] })).toBe('(field \'spec.nodeName\' is not metadata.name)');
  });

  test('a NotIn with a value that is not a label value matches no node, although the label is absent', () => {
    expect(Placement.evaluate(withTerms([{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x y'] }] }]), nodeB).shouldRun).toBe(false);
    expect(Placement.evaluate(withTerms([{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }]), nodeB).shouldRun).toBe(true);
    expect(Placement.evaluate(withTerms([{ matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['x'] }] }]), nodeB).shouldRun).toBe(false);
    expect(Placement.evaluate(withTerms([{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: [] }] }]), nodeB).shouldRun).toBe(false);
  });
});

describe('typed entry points for Python, Java and Go', () => {
  const yaml = [
    'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}',
    'spec: {selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: "a:1"}]}}}', '',
  ].join('\n');

  test('previewYaml, drainYaml, evaluateJson and ClusterInventory.fromJson take text', () => {
    const nodes = JSON.stringify({ kind: 'List', items: [{ kind: 'Node', metadata: { name: 'n1', labels: {} } }] });
    expect(Placement.previewYaml(yaml).daemonSets[0].desired).toBe(3);
    expect(Placement.previewYaml(yaml, ClusterInventory.fromJson(nodes)).daemonSets[0].desired).toBe(1);
    expect(Placement.drainYaml(yaml, 'kind-worker').flags).toEqual(['--ignore-daemonsets']);
    expect(Placement.evaluateJson('{"containers":[]}', '{"kind":"Node","metadata":{"name":"n"}}').shouldRun).toBe(true);
    expect(() => ClusterInventory.fromJson('a: 1\n---\nb: 2\n')).toThrow(/expected one document/);
  });
});

describe('placement edges Stryker found untested (issue 23: each test kills mutants of src/rules/placement.ts)', () => {
  const worker = (name: string, labels: { [key: string]: string } = {}, taints: any[] = []) => node(name, labels, taints);
  const cluster = (...nodes: any[]) => ClusterInventory.fromNodeList(nodes);
  const workload = (kind: string, name: string, spec: any = {}) => ({
    kind, metadata: { name, namespace: 'apps' }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod(spec) } },
  });

  test('outcomes shared across nodes are keyed by what decided them: each node gets its own reason', () => {
    // GIVEN: three nodes that miss the selector differently, and two that miss the affinity differently
    const nodes = cluster(worker('a'), worker('b', { disktype: 'hdd' }), worker('c', { disktype: 'nvme' }), worker('d', { disktype: 'ssd', zone: 'x' }), worker('e', { disktype: 'ssd' }));
    const ds = daemonSet('agent', { nodeSelector: { disktype: 'ssd' }, ...affinity({ matchExpressions: [expr('zone', 'In', ['y'])] }) });

    // WHEN
    const reasons = Placement.preview([ds], nodes).daemonSets[0].nodes.map(n => [n.node, n.reasons]);

    // THEN
    expect(reasons).toEqual([
      ['a', ['nodeSelector disktype=ssd: the node has no label disktype']],
      ['b', ['nodeSelector disktype=ssd: the node has disktype=hdd']],
      ['c', ['nodeSelector disktype=ssd: the node has disktype=nvme']],
      ['d', ['required node affinity not met: zone In [y] (zone=x)']],
      ['e', ['required node affinity not met: zone In [y] (label absent)']],
    ]);
    // an empty value, an absent label and the value 'undefined' are three answers
    const empty = Placement.preview([daemonSet('agent', { nodeSelector: { disktype: 'ssd' } })], cluster(worker('a'), worker('b', { disktype: '' }), worker('c', { disktype: 'undefined' })));
    expect(empty.daemonSets[0].nodes.map(n => n.reasons[0])).toEqual([
      'nodeSelector disktype=ssd: the node has no label disktype', 'nodeSelector disktype=ssd: the node has disktype=', 'nodeSelector disktype=ssd: the node has disktype=undefined',
    ]);
    // two selector keys: the reason names the key that differs
    const two = daemonSet('agent', { nodeSelector: { disktype: 'ssd', gpu: 'true' } });
    expect(Placement.preview([two], cluster(worker('a', { gpu: 'true' }), worker('b', { disktype: 'ssd' }))).daemonSets[0].nodes.map(n => n.reasons[0]))
      .toEqual(['nodeSelector disktype=ssd: the node has no label disktype', 'nodeSelector gpu=true: the node has no label gpu']);
  });

  test('the NODE SELECTOR column sorts any number of keys, whatever their order in the spec', () => {
    const ds = daemonSet('a', { nodeSelector: { zone: 'z', disktype: 'ssd', arch: 'arm64', gpu: 'true', beta: 'b' } });
    expect(Placement.preview([ds]).daemonSets[0].nodeSelector).toBe('arch=arm64,beta=b,disktype=ssd,gpu=true,zone=z');
    const sorted = daemonSet('a', { nodeSelector: { a: '1', b: '2', c: '3' } });
    expect(Placement.preview([sorted]).daemonSets[0].nodeSelector).toBe('a=1,b=2,c=3');
  });

  test('a DaemonSet without metadata, or a template without metadata: named <unnamed>, in no namespace', () => {
    const { metadata: _m, ...bare } = daemonSet('x');
    const noTemplateMetadata = { ...daemonSet('y'), spec: { selector: {}, template: { spec: pod() } } };
    const report = Placement.preview([bare, noTemplateMetadata]);
    expect(report.daemonSets.map(d => [d.name, d.namespace, d.desired])).toEqual([['<unnamed>', undefined, 3], ['y', undefined, 3]]);
    expect(report.coverage.map(c => c.daemon)).toEqual(['<unnamed>', 'y']);
    expect(Placement.drain([bare], 'kind-worker').daemonSetPods.map(p => [p.name, p.namespace])).toEqual([['<unnamed>', undefined]]);
    const { metadata: _n, ...anonymous } = workload('Deployment', 'web');
    expect(Placement.drain([anonymous], 'kind-worker').otherPods.map(p => [p.name, p.namespace])).toEqual([['<unnamed>', undefined]]);
    expect(() => Placement.preview([{ kind: 'DaemonSet' }])).toThrow("DaemonSet '<unnamed>' has no spec.template.spec");
  });

  test('a DaemonSet without a template, or with a spec that is no object, is a clear error', () => {
    expect(() => Placement.preview([{ kind: 'DaemonSet', metadata: { name: 'a' }, spec: {} }])).toThrow("DaemonSet 'a' has no spec.template.spec");
    expect(() => Placement.preview([{ kind: 'DaemonSet', metadata: { name: 'a' }, spec: { template: { spec: 'containers' } } }])).toThrow("DaemonSet 'a' has no spec.template.spec");
  });

  test('a pod with pod affinity but no node affinity, and a null term (an empty term: it matches no node)', () => {
    const spec = pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] } } });
    expect(Placement.evaluate(spec, node('n')).shouldRun).toBe(true);
    expect(Placement.evaluate(pod({ affinity: { nodeAffinity: {} } }), node('n')).shouldRun).toBe(true);
    expect(Placement.evaluate(pod(affinity(null)), node('n')).reasons).toEqual(['required node affinity not met: an empty term matches no node']);
  });

  test('the parse rules\' texts: a key that is no qualified name or no string, an unknown operator, a field operator', () => {
    const reason = (term: any) => Placement.evaluate(pod(affinity(term)), node('n', { gpu: '1' })).reasons[0];
    const prefix = 'required node affinity not met: a term Kubernetes cannot parse matches no node ';
    expect(reason({ matchExpressions: [{ key: 'a b', operator: 'Exists' }] })).toMatch(new RegExp(`^${prefix}\\(key 'a b' .+\\)$`));
    expect(reason({ matchExpressions: [{ key: 5, operator: 'Exists' }] })).toBe(`${prefix}(key '5' is not a string)`);
    expect(reason({ matchExpressions: [{ key: 'gpu', operator: 'Equals', values: ['1'] }] })).toBe(`${prefix}(operator 'Equals' is not one Kubernetes knows)`);
    expect(reason({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] })).toBe(`${prefix}(field metadata.name Exists needs In or NotIn with exactly one value)`);
    expect(reason({ matchFields: [{ key: 'metadata.name', operator: 'In' }] })).toBe(`${prefix}(field metadata.name In needs In or NotIn with exactly one value)`);
    expect(reason({ matchFields: [{ key: 'metadata.name', operator: 'Exists', values: ['n'] }] })).toBe(`${prefix}(field metadata.name Exists [n] needs In or NotIn with exactly one value)`);
  });

  test('of two field requirements, the one the node fails is named', () => {
    const spec = pod(affinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['other'] }, { key: 'metadata.name', operator: 'In', values: ['elsewhere'] }] }));
    expect(Placement.evaluate(spec, node('n')).reasons).toEqual(['required node affinity not met: field metadata.name In [elsewhere] (node name n)']);
  });

  test('errors of the text entry points name the argument', () => {
    expect(() => Placement.previewYaml('a: [', ClusterInventory.sample())).toThrow(/^manifests:\d+: malformed YAML/);
    expect(() => Placement.drainYaml('a: [', 'kind-worker')).toThrow(/^manifests:\d+: malformed YAML/);
    expect(() => Placement.evaluateJson('a: [', '{"kind":"Node","metadata":{"name":"n"}}')).toThrow(/^podSpec:\d+: malformed YAML/);
    expect(() => Placement.evaluateJson('{}', 'a: [')).toThrow(/^node:\d+: malformed YAML/);
  });

  test('drain: the cordoned node itself decides whether a daemon pod stays, not the first node of the cluster', () => {
    // GIVEN: the first node evicts the daemon (NoExecute), the drained one runs it
    const nodes = cluster(worker('first', {}, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), worker('second'));
    expect(Placement.drain([daemonSet('agent')], 'second', nodes).daemonSetPods.map(p => p.note)).toEqual([
      'DaemonSet-managed: drain refuses it without --ignore-daemonsets, then leaves it running on the cordoned node (it tolerates node.kubernetes.io/unschedulable)',
    ]);
  });

  test('drain: a bare Pod bound by nodeName runs there even where the scheduler would not place it (the control plane)', () => {
    const debug = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'apps' }, spec: pod({ nodeName: 'kind-control-plane' }) };
    expect(Placement.drain([debug], 'kind-control-plane').otherPods.map(p => [p.name, p.note]))
      .toEqual([['debug', 'runs on this node; drain needs --force (no controller recreates it; it is deleted for good)']]);
  });

  test('drain: every workload kind that makes pods is listed; other kinds and malformed ones are not', () => {
    const kinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'ReplicationController'];
    const manifests = [
      ...kinds.map(k => workload(k, k.toLowerCase())),
      { kind: 'CronJob', metadata: { name: 'no-spec' } },
      { kind: 'CronJob', metadata: { name: 'no-template' }, spec: { jobTemplate: { spec: {} } } },
      { kind: 'CronJob', metadata: { name: 'no-job-template' }, spec: {} },
      { kind: 'CronJob', metadata: { name: 'no-job-spec' }, spec: { jobTemplate: {} } },
      { kind: 'Deployment', metadata: { name: 'no-template' }, spec: {} },
      { kind: 'Deployment', metadata: { name: 'no-spec' } },
      { kind: 'ConfigMap', metadata: { name: 'settings' }, data: {} },
      'not an object',
    ];
    expect(Placement.drain(manifests, 'kind-worker').otherPods.map(p => [p.kind, p.name])).toEqual(kinds.map(k => [k, k.toLowerCase()]));
  });

  test('drain: only emptyDir volumes are local storage; the notes list every pod, comma-separated', () => {
    // GIVEN: two daemons, two Deployments with emptyDir and one with a configMap volume
    const scratch = { volumes: [{ name: 'scratch', emptyDir: {} }] };
    const manifests = [
      daemonSet('agent-a', {}, { namespace: 'agents' }),
      daemonSet('agent-b'),
      workload('Deployment', 'cache', scratch),
      workload('Deployment', 'web', { volumes: [{ name: 'config', configMap: { name: 'web' } }] }),
      workload('Deployment', 'queue', scratch),
      { kind: 'Pod', metadata: { name: 'debug', namespace: 'apps' }, spec: pod({ nodeName: 'kind-worker', ...scratch }) },
    ];

    // WHEN
    const report = Placement.drain(manifests, 'kind-worker');

    // THEN
    expect(report.otherPods.map(p => [p.name, p.emptyDir])).toEqual([['cache', true], ['web', false], ['queue', true], ['debug', true]]);
    expect(report.otherPods[3].note).toBe('runs on this node; drain needs --force (no controller recreates it; it is deleted for good) and --delete-emptydir-data (its emptyDir data is lost)');
    expect(report.notes.slice(1)).toEqual([
      'without --ignore-daemonsets drain stops with: cannot delete DaemonSet-managed Pods: agents/agent-a, agent-b',
      'without --delete-emptydir-data drain stops with: cannot delete Pods with local storage: apps/cache, apps/queue, apps/debug',
    ]);
  });

  test('drain: a Pod without metadata is bare; null owner references are no controller', () => {
    const anonymous = { kind: 'Pod', spec: pod({ nodeName: 'kind-worker' }) };
    const nullOwners = { kind: 'Pod', metadata: { name: 'owned', ownerReferences: [null, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', controller: true }] }, spec: pod({ nodeName: 'kind-worker' }) };
    const report = Placement.drain([anonymous, nullOwners], 'kind-worker');
    expect(report.otherPods.map(p => [p.name, p.note])).toEqual([
      ['<unnamed>', 'runs on this node; drain needs --force (no controller recreates it; it is deleted for good)'],
      ['owned', 'runs on this node; drain evicts it and its controller starts it elsewhere'],
    ]);
  });

  test('coverage: an overlap names only the variants that run on that node', () => {
    const variant = (name: string, nodeSelector: object) => daemonSet(name, { nodeSelector }, { labels: { 'app.kubernetes.io/name': 'agent' } });
    const manifests = [variant('all', {}), variant('ssd', { disktype: 'ssd' }), variant('gpu', { gpu: 'true' })];
    const report = Placement.preview(manifests, cluster(worker('a', { disktype: 'ssd' }), worker('b', { gpu: 'true' }), worker('c')));
    expect(report.coverage).toEqual([{
      daemon: 'agent',
      daemonSets: ['all', 'ssd', 'gpu'],
      uncovered: [],
      overlapping: [{ node: 'a', daemonSets: ['all', 'ssd'] }, { node: 'b', daemonSets: ['all', 'gpu'] }],
    }]);
  });
});
