import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { create, daemonError, factoryError, IMAGE, podSpec, podSpecOf } from './helpers';
import {
  NodeDaemon, NodeDaemonProps, NodeSelectorOperator, NodeSelectorRequirement as Req, NodeSelectorTerm, PodAffinityTerm,
  PreemptionPolicy, Taint, TaintEffect, Toleration,
} from '../../src';

const SECURITY_S1: PodAffinityTerm = { matchExpressions: [kplus.LabelExpression.in('security', ['S1'])], topology: kplus.Topology.ZONE };
const SECURITY_S2: PodAffinityTerm = { matchExpressions: [kplus.LabelExpression.in('security', ['S2'])], topology: kplus.Topology.HOSTNAME };

describe('the seed tutorials, field for field', () => {
  test('taints and tolerations tutorial: a dev-system daemon tolerating VIPOnly=true:NoExecute with operator Equal', () => {
    // GIVEN: what the tutorial writes under spec.template.spec
    const tutorial = [
      { key: 'VIPOnly', operator: 'Equal', value: 'true', effect: 'NoExecute' },
    ];

    // WHEN
    const spec = podSpec({
      namespace: 'dev-system',
      tolerations: [Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE })],
    });

    // THEN
    expect(spec.tolerations).toEqual(tutorial);
  });

  test('the VIPOnly toleration tolerates the taint the tutorial sets (`kubectl taint nodes kind-worker3 VIPOnly=true:NoExecute`)', () => {
    // GIVEN
    const taint = new Taint({ key: 'VIPOnly', value: 'true', effect: TaintEffect.NO_EXECUTE });

    // THEN
    expect(Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE }).tolerates(taint)).toBe(true);
    expect(Toleration.controlPlane().some(t => t.tolerates(taint))).toBe(false);
  });

  test('fluentd tutorial: the master toleration written without operator or value', () => {
    // GIVEN: the tutorial writes `- key: node-role.kubernetes.io/master\n  effect: NoSchedule`. With no operator, the
    // API server and the scheduler read operator Equal with the value '' (Toleration.ToleratesTaint: "empty operator
    // means Equal"; nothing defaults the field), so it tolerates only master taints *without a value*.
    // Toleration.equal(key, '') means exactly that and writes the default out ("output is the full truth"), while
    // Toleration.exists(key) is broader: it also tolerates `node-role.kubernetes.io/master=<anything>:NoSchedule`.
    const tutorial = { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' };
    const asKubernetesReadsIt = { ...tutorial, operator: 'Equal', value: '' };

    // WHEN
    const equal = Toleration.equal('node-role.kubernetes.io/master', '', { effect: TaintEffect.NO_SCHEDULE });
    const exists = Toleration.exists('node-role.kubernetes.io/master', { effect: TaintEffect.NO_SCHEDULE });

    // THEN: equal(key, '') reproduces the tutorial's semantics, field for field once the default is written out
    expect(podSpec({ tolerations: [equal] }).tolerations).toEqual([asKubernetesReadsIt]);
    expect(podSpec({ tolerations: [exists] }).tolerations).toEqual([{ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }]);

    // Both tolerate the kubeadm taint (which has no value); only Exists tolerates a valued one.
    const valued = new Taint({ key: 'node-role.kubernetes.io/master', value: 'true', effect: TaintEffect.NO_SCHEDULE });
    expect([equal.tolerates(Taint.legacyMaster()), exists.tolerates(Taint.legacyMaster())]).toEqual([true, true]);
    expect([equal.tolerates(valued), exists.tolerates(valued)]).toEqual([false, true]);
  });

  test('fluentd as the current Kubernetes docs write it: Toleration.controlPlane()', () => {
    // The concept page's fluentd-elasticsearch DaemonSet (k8s 1.24+) lists both keys with operator Exists.
    expect(podSpec({ tolerations: Toleration.controlPlane() }).tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('nodeSelector disktype: ssd', () => {
    expect(podSpec({ nodeSelector: { disktype: 'ssd' } }).nodeSelector).toEqual({ disktype: 'ssd' });
  });

  test('nodeSelector kubernetes.io/hostname: node1', () => {
    expect(podSpec({ nodeSelector: { 'kubernetes.io/hostname': 'node1' } }).nodeSelector).toEqual({ 'kubernetes.io/hostname': 'node1' });
  });

  test('nodeSelector renders as given, with several keys', () => {
    expect(podSpec({ nodeSelector: { 'disktype': 'ssd', 'kubernetes.io/os': 'linux' } }).nodeSelector).toEqual({ 'disktype': 'ssd', 'kubernetes.io/os': 'linux' });
  });

  test('node affinity: required e2e-az-name In [e2e-az1, e2e-az2], preferred weight 1 on another-node-label-key', () => {
    // GIVEN: the tutorial's spec.affinity
    const tutorial = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/e2e-az-name', operator: 'In', values: ['e2e-az1', 'e2e-az2'] },
              ],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 1,
            preference: {
              matchExpressions: [
                { key: 'another-node-label-key', operator: 'In', values: ['another-node-label-value'] },
              ],
            },
          },
        ],
      },
    };

    // WHEN
    const spec = podSpec({
      nodeAffinity: {
        required: [NodeSelectorTerm.of(Req.in('kubernetes.io/e2e-az-name', ['e2e-az1', 'e2e-az2']))],
        preferred: [{ weight: 1, term: NodeSelectorTerm.of(Req.in('another-node-label-key', ['another-node-label-value'])) }],
      },
    });

    // THEN
    expect(spec.affinity).toEqual(tutorial);
  });

  test('pod affinity: required security In [S1] across zones, preferred anti-affinity weight 100 on security In [S2] across hostnames', () => {
    // GIVEN: the tutorial's spec.affinity. The tutorial writes the zone key as failure-domain.beta.kubernetes.io/zone,
    // deprecated since 1.17; kplus.Topology.ZONE is its successor topology.kubernetes.io/zone.
    const tutorial = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: {
              matchExpressions: [{ key: 'security', operator: 'In', values: ['S1'] }],
            },
            topologyKey: 'topology.kubernetes.io/zone',
          },
        ],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: {
                matchExpressions: [{ key: 'security', operator: 'In', values: ['S2'] }],
              },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    };

    // WHEN
    const spec = podSpec({
      podAffinity: { required: [SECURITY_S1] },
      podAntiAffinity: { preferred: [{ weight: 100, term: SECURITY_S2 }] },
    });

    // THEN
    expect(spec.affinity).toEqual(tutorial);
  });

  test('the tutorial\'s deprecated zone key still works through kplus.Topology.custom()', () => {
    const spec = podSpec({ podAffinity: { required: [{ ...SECURITY_S1, topology: kplus.Topology.custom('failure-domain.beta.kubernetes.io/zone') }] } });
    expect(spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('failure-domain.beta.kubernetes.io/zone');
  });
});

describe('pod affinity rendering', () => {
  test('matchLabels, matchExpressions (every operator), namespaces and each topology', () => {
    // WHEN
    const spec = podSpec({
      podAntiAffinity: {
        required: [
          {
            matchLabels: { 'app.kubernetes.io/name': 'node-exporter' },
            matchExpressions: [
              kplus.LabelExpression.in('tier', ['infra']),
              kplus.LabelExpression.notIn('track', ['canary']),
              kplus.LabelExpression.exists('example.com/agent'),
              kplus.LabelExpression.doesNotExist('example.com/debug'),
            ],
            namespaces: ['monitoring', 'kube-system'],
            topology: kplus.Topology.HOSTNAME,
          },
          { matchLabels: { app: 'a' }, topology: kplus.Topology.ZONE },
          { matchLabels: { app: 'b' }, topology: kplus.Topology.REGION },
          { matchLabels: { app: 'c' }, topology: kplus.Topology.custom('example.com/rack') },
        ],
      },
    });

    // THEN
    expect(spec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'node-exporter' },
              matchExpressions: [
                { key: 'tier', operator: 'In', values: ['infra'] },
                { key: 'track', operator: 'NotIn', values: ['canary'] },
                { key: 'example.com/agent', operator: 'Exists' },
                { key: 'example.com/debug', operator: 'DoesNotExist' },
              ],
            },
            namespaces: ['monitoring', 'kube-system'],
            topologyKey: 'kubernetes.io/hostname',
          },
          { labelSelector: { matchLabels: { app: 'a' } }, topologyKey: 'topology.kubernetes.io/zone' },
          { labelSelector: { matchLabels: { app: 'b' } }, topologyKey: 'topology.kubernetes.io/region' },
          { labelSelector: { matchLabels: { app: 'c' } }, topologyKey: 'example.com/rack' },
        ],
      },
    });
  });
});

describe('priority', () => {
  test('priorityClassName and preemptionPolicy render', () => {
    // WHEN
    const spec = podSpec({ priorityClassName: 'agents-no-preempt', preemptionPolicy: PreemptionPolicy.NEVER });

    // THEN
    expect(spec.priorityClassName).toBe('agents-no-preempt');
    expect(spec.preemptionPolicy).toBe('Never');
    expect(podSpec({ priorityClassName: 'system-node-critical', preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY }).preemptionPolicy).toBe('PreemptLowerPriority');
  });

  test('Never where the Priority admission plugin gives PreemptLowerPriority (a built-in class, or no class) is refused: no pod would be made', () => {
    for (const priorityClassName of ['system-node-critical', 'system-cluster-critical', undefined]) {
      const make = create({ priorityClassName, preemptionPolicy: PreemptionPolicy.NEVER });
      expect(make).toThrow(daemonError('preemptionPolicy', '\'Never\'', 'differs from PreemptLowerPriority, which the Priority admission plugin gives '
        + (priorityClassName ? `PriorityClass '${priorityClassName}': it refuses every pod` : 'a pod without priorityClassName (the global default PriorityClass\'s policy')));
      expect(make).toThrow(/Fix: drop preemptionPolicy, and name a PriorityClass with preemptionPolicy: Never/);
    }
    // a class named like an Object method is no built-in class
    expect(create({ priorityClassName: 'constructor', preemptionPolicy: PreemptionPolicy.NEVER })).not.toThrow();
  });

  test('PreemptLowerPriority renders', () => {
    expect(podSpec({ preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY }).preemptionPolicy).toBe('PreemptLowerPriority');
  });

  test('by default neither is written (the cluster\'s default priority and its policy)', () => {
    // WHEN
    const spec = podSpec();

    // THEN
    expect(spec).not.toHaveProperty('priorityClassName');
    expect(spec).not.toHaveProperty('preemptionPolicy');
  });
});

describe('every scheduling prop', () => {
  const ALL: Partial<NodeDaemonProps> = {
    tolerations: [
      ...Toleration.controlPlane(),
      Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 300 }),
      Toleration.allWithEffect(TaintEffect.PREFER_NO_SCHEDULE),
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux', 'disktype': 'ssd' },
    nodeAffinity: {
      required: [
        NodeSelectorTerm.of(Req.architecture('amd64', 'arm64'), Req.notFargate(), Req.notVirtualKubelet()),
        NodeSelectorTerm.of(Req.nodeNameIs('node1')),
      ],
      preferred: [{ weight: 50, term: NodeSelectorTerm.of(Req.gt('example.com/cores', 4), Req.in('disktype', ['ssd'])) }],
    },
    podAffinity: {
      required: [SECURITY_S1],
      preferred: [{ weight: 10, term: { matchLabels: { app: 'cache' }, namespaces: ['cache'], topology: kplus.Topology.HOSTNAME } }],
    },
    podAntiAffinity: {
      required: [{ matchLabels: { app: 'legacy-agent' }, topology: kplus.Topology.HOSTNAME }],
      preferred: [{ weight: 100, term: SECURITY_S2 }],
    },
    priorityClassName: 'system-node-critical',
    preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY,
  };

  test('snapshot', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Agent', { image: IMAGE, ...ALL });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('the same props give byte-identical output', () => {
    const a = Testing.chart();
    const b = Testing.chart();
    new NodeDaemon(a, 'Agent', { image: IMAGE, ...ALL });
    new NodeDaemon(b, 'Agent', { image: IMAGE, ...ALL });
    expect(JSON.stringify(Testing.synth(a))).toBe(JSON.stringify(Testing.synth(b)));
  });

  test('the props arrays are copied: changing them after construction changes nothing', () => {
    // GIVEN
    const tolerations = [Toleration.exists('a')];
    const nodeSelector: { [key: string]: string } = { disktype: 'ssd' };
    const chart = Testing.chart();
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, tolerations, nodeSelector });

    // WHEN
    tolerations.push(Toleration.everything());
    nodeSelector.disktype = 'hdd';

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.tolerations).toEqual([{ key: 'a', operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
  });
});

describe('add* methods after construction', () => {
  /** A daemon with one item of each kind in props, so added items must come after them. */
  function daemonWithProps(): { chart: ReturnType<typeof Testing.chart>; daemon: NodeDaemon } {
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      tolerations: [Toleration.exists('a')],
      nodeSelector: { disktype: 'ssd' },
      nodeAffinity: { required: [NodeSelectorTerm.of(Req.linuxOnly())], preferred: [{ weight: 1, term: NodeSelectorTerm.of(Req.exists('p')) }] },
      podAffinity: { required: [SECURITY_S1], preferred: [{ weight: 1, term: SECURITY_S1 }] },
      podAntiAffinity: { required: [SECURITY_S2], preferred: [{ weight: 1, term: SECURITY_S2 }] },
    });
    return { chart, daemon };
  }
  const CACHE: PodAffinityTerm = { matchLabels: { app: 'cache' }, topology: kplus.Topology.HOSTNAME };
  const renderedCache = { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' };

  test('addToleration appends, several at once', () => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    daemon.addToleration(Toleration.everything(), Toleration.equal('b', 'c'));

    // THEN
    expect(podSpecOf(Testing.synth(chart)).tolerations).toEqual([
      { key: 'a', operator: 'Exists' },
      { operator: 'Exists' },
      { key: 'b', operator: 'Equal', value: 'c' },
    ]);
  });

  test('addNodeSelector adds a key', () => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    daemon.addNodeSelector('kubernetes.io/hostname', 'node1');

    // THEN
    expect(podSpecOf(Testing.synth(chart)).nodeSelector).toEqual({ 'disktype': 'ssd', 'kubernetes.io/hostname': 'node1' });
  });

  test('addNodeSelector with the same key and the same value is a no-op', () => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    daemon.addNodeSelector('disktype', 'ssd');

    // THEN
    expect(podSpecOf(Testing.synth(chart)).nodeSelector).toEqual({ disktype: 'ssd' });
  });

  test('addNodeSelector on a daemon without a nodeSelector creates the field', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.addNodeSelector('disktype', 'ssd');

    // THEN
    expect(podSpecOf(Testing.synth(chart)).nodeSelector).toEqual({ disktype: 'ssd' });
  });

  test('addRequiredNodeAffinity adds an ORed term', () => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    daemon.addRequiredNodeAffinity(NodeSelectorTerm.of(Req.nodeNameIs('node1')));

    // THEN
    expect(podSpecOf(Testing.synth(chart)).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] },
    ]);
  });

  test('addPreferredNodeAffinity adds a weighted term', () => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    daemon.addPreferredNodeAffinity(42, NodeSelectorTerm.of(Req.in('disktype', ['ssd'])));

    // THEN
    expect(podSpecOf(Testing.synth(chart)).affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 1, preference: { matchExpressions: [{ key: 'p', operator: 'Exists' }] } },
      { weight: 42, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
    ]);
  });

  test.each<[string, (d: NodeDaemon) => void, (affinity: any) => any]>([
    ['addRequiredPodAffinity', d => d.addRequiredPodAffinity(CACHE), a => a.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1]],
    ['addRequiredPodAntiAffinity', d => d.addRequiredPodAntiAffinity(CACHE), a => a.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1]],
  ])('%s appends a term', (_title, add, pick) => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    add(daemon);

    // THEN
    expect(pick(podSpecOf(Testing.synth(chart)).affinity)).toEqual(renderedCache);
  });

  test.each<[string, (d: NodeDaemon) => void, (affinity: any) => any]>([
    ['addPreferredPodAffinity', d => d.addPreferredPodAffinity(7, CACHE), a => a.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1]],
    ['addPreferredPodAntiAffinity', d => d.addPreferredPodAntiAffinity(7, CACHE), a => a.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1]],
  ])('%s appends a weighted term', (_title, add, pick) => {
    // GIVEN
    const { chart, daemon } = daemonWithProps();

    // WHEN
    add(daemon);

    // THEN
    expect(pick(podSpecOf(Testing.synth(chart)).affinity)).toEqual({ weight: 7, podAffinityTerm: renderedCache });
  });

  test('add* on a daemon with no scheduling props creates each field', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.addToleration(Toleration.exists('a'));
    daemon.addRequiredNodeAffinity(NodeSelectorTerm.of(Req.linuxOnly()));
    daemon.addPreferredPodAntiAffinity(100, CACHE);

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.tolerations).toEqual([{ key: 'a', operator: 'Exists' }]);
    expect(spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: renderedCache }] },
    });
  });

  describe('what a call is refused before it changes anything leaves the daemon unchanged', () => {
    test.each<[string, (d: NodeDaemon) => void, RegExp]>([
      // the toleration itself throws when made, so addToleration is never called
      ['addToleration (one bad among good ones)', d => d.addToleration(Toleration.exists('ok'), Toleration.equal('', 'x')),
        factoryError('Toleration.equal', 'key', '\'\'', 'an empty key needs operator Exists', 'use Toleration.allWithEffect() or Toleration.everything()')],
      // a map key has one value: the second is refused before it is set
      ['addNodeSelector with another value for a key', d => d.addNodeSelector('disktype', 'hdd'),
        daemonError('nodeSelector[\'disktype\']', '\'hdd\'', 'is already \'ssd\'; a node label has one value, so both can never hold')],
    ])('%s', (_title, add, message) => {
      // GIVEN
      const { chart, daemon } = daemonWithProps();
      const before = Testing.synth(chart);

      // WHEN
      expect(() => add(daemon)).toThrow(message);

      // THEN
      expect(Testing.synth(chart)).toEqual(before);
    });
  });

  describe('what an add* call adds is judged with the whole daemon at synth', () => {
    test.each<[string, (d: NodeDaemon) => void, RegExp]>([
      ['addNodeSelector with a bad value', d => d.addNodeSelector('zone', 'a b'), daemonError('nodeSelector[\'zone\']', '\'a b\'', 'label value must be empty or consist of')],
      ['addNodeSelector conflicting with the required affinity', d => d.addNodeSelector('kubernetes.io/os', 'windows'),
        daemonError('nodeAffinity.required[0]', '\'kubernetes.io/os In [linux]\'', 'can never hold together with the nodeSelector {"disktype":"ssd","kubernetes.io/os":"windows"}')],
      ['addRequiredNodeAffinity conflicting with the nodeSelector', d => d.addRequiredNodeAffinity(NodeSelectorTerm.of(Req.in('disktype', ['hdd']))),
        daemonError('nodeAffinity.required[1]', '\'disktype In [hdd]\'', 'can never hold together with the nodeSelector')],
      ['addPreferredNodeAffinity with weight 0', d => d.addPreferredNodeAffinity(0, NodeSelectorTerm.of(Req.exists('x'))),
        daemonError('nodeAffinity.preferred[1].weight', '0', 'must be an integer from 1 to 100')],
      ['addRequiredPodAffinity without a selector', d => d.addRequiredPodAffinity({ topology: kplus.Topology.HOSTNAME }),
        daemonError('podAffinity.required[1].matchLabels', '{}', 'the term selects no pods')],
      ['addPreferredPodAffinity with weight 101', d => d.addPreferredPodAffinity(101, CACHE), daemonError('podAffinity.preferred[1].weight', '101', 'must be an integer from 1 to 100')],
      ['addRequiredPodAntiAffinity with a bad topology key', d => d.addRequiredPodAntiAffinity({ ...CACHE, topology: kplus.Topology.custom('bad key') }),
        daemonError('podAntiAffinity.required[1].topology', '\'bad key\'', 'topology key has a name part')],
      ['addPreferredPodAntiAffinity with a bad namespace', d => d.addPreferredPodAntiAffinity(5, { ...CACHE, namespaces: ['Cache'] }),
        daemonError('podAntiAffinity.preferred[1].term.namespaces', '\'Cache\'', 'namespace must be a DNS-1123 label')],
    ])('%s', (_title, add, message) => {
      // GIVEN
      const { chart, daemon } = daemonWithProps();

      // WHEN (the call itself takes it: the daemon is judged whole, at synth)
      add(daemon);

      // THEN
      expect(() => Testing.synth(chart)).toThrow(message);
    });

    test('after a rejected item, the next valid one takes its index', () => {
      // GIVEN
      const { chart, daemon } = daemonWithProps();
      expect(() => daemon.addToleration(Toleration.exists('bad key'))).toThrow(factoryError('Toleration.exists', 'key', '\'bad key\'', 'key \'bad key\'', 'use the taint\'s key'));

      // WHEN
      daemon.addToleration(Toleration.exists('good'));

      // THEN
      expect(podSpecOf(Testing.synth(chart)).tolerations).toEqual([{ key: 'a', operator: 'Exists' }, { key: 'good', operator: 'Exists' }]);
    });

    test('a bad nodeSelector key is reported at synth, whatever comes after it', () => {
      // GIVEN
      const { chart, daemon } = daemonWithProps();
      daemon.addNodeSelector('bad key', 'x');

      // WHEN
      daemon.addNodeSelector('zone', 'a');

      // THEN
      expect(() => Testing.synth(chart)).toThrow(daemonError('nodeSelector', '\'bad key\'', 'label key has a name part'));
    });

    test('a rejected conflicting value keeps the earlier value', () => {
      // GIVEN
      const { chart, daemon } = daemonWithProps();

      // WHEN
      expect(() => daemon.addNodeSelector('disktype', 'hdd')).toThrow(/is already 'ssd'/);

      // THEN
      expect(podSpecOf(Testing.synth(chart)).nodeSelector).toEqual({ disktype: 'ssd' });
    });
  });
});

describe('input errors: [path] prop = value: problem. Fix: way out', () => {
  const required = (...requirements: Req[]) => create({ nodeAffinity: { required: [NodeSelectorTerm.of(...requirements)] } });
  const podRequired = (term: Partial<PodAffinityTerm>) => create({ podAffinity: { required: [{ topology: kplus.Topology.HOSTNAME, ...term }] } });
  const podTermError = (field: string, value: string, problem: string) => daemonError(`podAffinity.required[0].${field}`, value, problem);

  test.each<[string, () => unknown, RegExp]>([
    // nodeSelector (src/pod/scheduling-model.ts)
    ['nodeSelector bad key', create({ nodeSelector: { 'disk type': 'ssd' } }), daemonError('nodeSelector', '\'disk type\'', 'label key has a name part \'disk type\'')],
    ['nodeSelector bad value', create({ nodeSelector: { disktype: 'fast ssd' } }), daemonError('nodeSelector[\'disktype\']', '\'fast ssd\'', 'label value must be empty or consist of')],
    ['nodeSelector value of 64 characters', create({ nodeSelector: { disktype: 'a'.repeat(64) } }),
      daemonError('nodeSelector[\'disktype\']', `'${'a'.repeat(64)}'`, 'label value must be at most 63 characters')],

    // node affinity terms and weights (src/pod/scheduling-model.ts)
    ...[0, 101, 1.5, -1].map((weight): [string, () => unknown, RegExp] => [`node preferred weight ${weight}`,
      create({ nodeAffinity: { preferred: [{ weight, term: NodeSelectorTerm.of(Req.linuxOnly()) }] } }),
      daemonError('nodeAffinity.preferred[0].weight', String(weight), 'must be an integer from 1 to 100')]),
    ['required term that can never hold', required(Req.exists('k'), Req.doesNotExist('k')),
      daemonError('nodeAffinity.required[0]', '\'k Exists AND k DoesNotExist\'', 'no node can match this term: k Exists AND k DoesNotExist can never all hold')],
    ['required term excluded by the nodeSelector', create({ nodeSelector: { disktype: 'ssd' }, nodeAffinity: { required: [NodeSelectorTerm.of(Req.in('disktype', ['hdd']))] } }),
      daemonError('nodeAffinity.required[0]', '\'disktype In [hdd]\'', 'can never hold together with the nodeSelector {"disktype":"ssd"}')],

    // pod affinity terms (src/scheduling/pod-affinity.ts)
    ['pod affinity term with no selector', podRequired({}), podTermError('matchLabels', '{}', 'the term selects no pods (no matchLabels and no matchExpressions)')],
    ['pod affinity term with empty matchLabels and matchExpressions', podRequired({ matchLabels: {}, matchExpressions: [] }), podTermError('matchLabels', '{}', 'the term selects no pods')],
    ['bad topology key', podRequired({ matchLabels: { app: 'x' }, topology: kplus.Topology.custom('bad key') }),
      podTermError('topology', '\'bad key\'', 'topology key has a name part \'bad key\'')],
    ['empty topology key', podRequired({ matchLabels: { app: 'x' }, topology: kplus.Topology.custom('') }), podTermError('topology', '\'\'', 'topology key must not be empty')],
    ['bad matchLabels key', podRequired({ matchLabels: { 'bad key': 'x' } }), podTermError('matchLabels[\'bad key\']', '\'x\'', 'has a name part \'bad key\'')],
    ['bad matchLabels value', podRequired({ matchLabels: { security: 'S 1' } }), podTermError('matchLabels[\'security\']', '\'S 1\'', 'must be empty or consist of')],
    ['LabelExpression.in with [] values', podRequired({ matchExpressions: [kplus.LabelExpression.in('security', [])] }),
      podTermError('matchExpressions[0].values', '[]', 'In needs at least one value')],
    ['LabelExpression.notIn with [] values', podRequired({ matchExpressions: [kplus.LabelExpression.notIn('security', [])] }),
      podTermError('matchExpressions[0].values', '[]', 'NotIn needs at least one value')],
    ['label expression Exists with values', podRequired({ matchExpressions: [{ key: 'security', operator: 'Exists', values: ['S1'] } as unknown as kplus.LabelExpression] }),
      podTermError('matchExpressions[0].values', '["S1"]', 'Exists takes no values')],
    ['label expression key not a qualified name', podRequired({ matchExpressions: [kplus.LabelExpression.exists('bad key')] }),
      podTermError('matchExpressions[0].key', '\'bad key\'', 'has a name part \'bad key\'')],
    ['label expression value not a label value', podRequired({ matchExpressions: [kplus.LabelExpression.in('security', ['S1', 'S 2'])] }),
      podTermError('matchExpressions[0].values', '\'S 2\'', 'must be empty or consist of')],
    ['bad namespace', podRequired({ matchLabels: { app: 'x' }, namespaces: ['kube-system', 'Kube_System'] }),
      podTermError('namespaces', '\'Kube_System\'', 'namespace must be a DNS-1123 label')],
    ...[0, 101, 1.5].map((weight): [string, () => unknown, RegExp] => [`pod affinity preferred weight ${weight}`,
      create({ podAffinity: { preferred: [{ weight, term: SECURITY_S1 }] } }),
      daemonError('podAffinity.preferred[0].weight', String(weight), 'must be an integer from 1 to 100')]),
    ...[0, 101, 1.5].map((weight): [string, () => unknown, RegExp] => [`pod anti-affinity preferred weight ${weight}`,
      create({ podAntiAffinity: { preferred: [{ weight, term: SECURITY_S2 }] } }),
      daemonError('podAntiAffinity.preferred[0].weight', String(weight), 'must be an integer from 1 to 100')]),
    ['bad term in pod anti-affinity required', create({ podAntiAffinity: { required: [{ topology: kplus.Topology.HOSTNAME }] } }),
      daemonError('podAntiAffinity.required[0].matchLabels', '{}', 'the term selects no pods')],
    ['bad term in a preferred pod affinity', create({ podAffinity: { preferred: [{ weight: 1, term: { matchLabels: { app: 'x' }, topology: kplus.Topology.custom('a/b/c') } }] } }),
      daemonError('podAffinity.preferred[0].term.topology', '\'a/b/c\'', 'topology key must be a qualified name with at most one \'/\'')],

    // priority (src/pod/scheduling-model.ts)
    ['bad priorityClassName', create({ priorityClassName: 'System_Node_Critical' }), daemonError('priorityClassName', '\'System_Node_Critical\'', 'must be a DNS-1123 subdomain')],
    ['empty priorityClassName', create({ priorityClassName: '' }), daemonError('priorityClassName', '\'\'', 'must not be empty')],
    ['bad preemptionPolicy', create({ preemptionPolicy: 'Always' as PreemptionPolicy }), daemonError('preemptionPolicy', '\'Always\'', 'is not PreemptLowerPriority or Never')],
  ])('%s', (_title, fn, message) => {
    expect(fn).toThrow(message);
  });

  /**
   * Tolerations, node selector requirements and terms check themselves when made, so a daemon never
   * sees an invalid one: the error names the factory, not the daemon. The props are built inside the
   * thunk, where the throw happens.
   */
  const made = (props: () => Partial<NodeDaemonProps>) => () => create(props())();
  const requiredOf = (...requirements: Array<() => Req[]>) =>
    made(() => ({ nodeAffinity: { required: requirements.map(r => NodeSelectorTerm.of(...r())) } }));
  const KEY_FIX = 'use the taint\'s key';
  const REQ = 'NodeSelectorRequirement';

  test.each<[string, () => unknown, RegExp]>([
    // tolerations (src/scheduling/toleration.ts)
    ['toleration key not a qualified name', made(() => ({ tolerations: [Toleration.exists('bad key')] })),
      factoryError('Toleration.exists', 'key', '\'bad key\'', 'key \'bad key\' has a name part \'bad key\' that must consist of', KEY_FIX)],
    ['toleration key with a bad prefix', made(() => ({ tolerations: [Toleration.exists('Example.com/gpu')] })),
      factoryError('Toleration.exists', 'key', '\'Example.com/gpu\'', 'key \'Example.com/gpu\' has a prefix \'Example.com\' that must be a DNS-1123 subdomain', KEY_FIX)],
    ['toleration value not a label value', made(() => ({ tolerations: [Toleration.equal('VIPOnly', 'yes please', { effect: TaintEffect.NO_EXECUTE })] })),
      factoryError('Toleration.equal', 'value', '\'yes please\'', 'value \'yes please\' must be empty or consist of', 'use the taint\'s value')],
    ['tolerationSeconds without an effect', made(() => ({ tolerations: [Toleration.exists('k', { tolerationSeconds: 30 })] })),
      factoryError('Toleration.exists', 'tolerationSeconds', '30', 'is only allowed with effect NoExecute', 'add effect: TaintEffect.NO_EXECUTE')],
    ['tolerationSeconds with NoSchedule', made(() => ({ tolerations: [Toleration.equal('k', 'v', { effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 30 })] })),
      factoryError('Toleration.equal', 'tolerationSeconds', '30', 'is only allowed with effect NoExecute', 'add effect: TaintEffect.NO_EXECUTE')],
    ['non-integer tolerationSeconds', made(() => ({ tolerations: [Toleration.exists('k', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 1.5 })] })),
      factoryError('Toleration.exists', 'tolerationSeconds', '1.5', 'must be a whole number of seconds', 'give whole seconds')],
    ['empty key with Equal', made(() => ({ tolerations: [Toleration.equal('', 'x')] })),
      factoryError('Toleration.equal', 'key', '\'\'', 'an empty key needs operator Exists', 'use Toleration.allWithEffect() or Toleration.everything()')],
    ['invalid effect', made(() => ({ tolerations: [Toleration.exists('k', { effect: 'NoExecution' as TaintEffect })] })),
      factoryError('Toleration.exists', 'effect', '\'NoExecution\'', 'is not NoSchedule, PreferNoSchedule or NoExecute', 'use a TaintEffect member')],
    ['a bad toleration after a good one', made(() => ({ tolerations: [Toleration.everything(), Toleration.exists('bad key')] })),
      factoryError('Toleration.exists', 'key', '\'bad key\'', 'key \'bad key\'', KEY_FIX)],

    // node selector requirements (src/scheduling/node-affinity.ts)
    ['In with no values', requiredOf(() => [Req.in('disktype', [])]), factoryError(`${REQ}.in`, 'values', '[]', 'In needs at least one value', 'list the values, or use exists()')],
    ['NotIn with no values', requiredOf(() => [Req.notIn('disktype', [])]),
      factoryError(`${REQ}.notIn`, 'values', '[]', 'NotIn needs at least one value', 'list the values, or use doesNotExist()')],
    ['Exists with values', requiredOf(() => [Req.custom('disktype', NodeSelectorOperator.EXISTS, ['ssd'])]),
      factoryError(`${REQ}.custom`, 'values', '["ssd"]', 'Exists takes no values (got 1)', 'drop the values')],
    ['DoesNotExist with values', requiredOf(() => [Req.custom('disktype', NodeSelectorOperator.DOES_NOT_EXIST, ['a', 'b'])]),
      factoryError(`${REQ}.custom`, 'values', '["a","b"]', 'DoesNotExist takes no values (got 2)', 'drop the values')],
    ['Gt with a non-integer', requiredOf(() => [Req.gt('example.com/cores', 1.5)]),
      factoryError(`${REQ}.gt`, 'value', '1.5', 'Gt compares the label as an integer, so the bound must be a whole number', 'give an integer, e.g. NodeSelectorRequirement.gt(key, 8)')],
    ['Lt with a non-number', requiredOf(() => [Req.custom('example.com/cores', NodeSelectorOperator.LT, ['many'])]),
      factoryError(`${REQ}.custom`, 'values', '["many"]', 'Lt takes exactly one integer value', 'NodeSelectorRequirement.lt(key, <integer>)')],
    ['Lt with two values', requiredOf(() => [Req.custom('example.com/cores', NodeSelectorOperator.LT, ['1', '2'])]),
      factoryError(`${REQ}.custom`, 'values', '["1","2"]', 'Lt takes exactly one integer value', 'NodeSelectorRequirement.lt(key, <integer>)')],
    ['Gt with no value', requiredOf(() => [Req.custom('example.com/cores', NodeSelectorOperator.GT)]),
      factoryError(`${REQ}.custom`, 'values', '[]', 'Gt takes exactly one integer value', 'NodeSelectorRequirement.gt(key, <integer>)')],
    ['unknown operator', requiredOf(() => [Req.custom('disktype', 'Matches' as NodeSelectorOperator, ['ssd'])]),
      factoryError(`${REQ}.custom`, 'operator', '\'Matches\'', 'is not In, NotIn, Exists, DoesNotExist, Gt or Lt', 'use a NodeSelectorOperator member')],
    ['requirement key not a qualified name', requiredOf(() => [Req.in('disk type', ['ssd'])]),
      factoryError(`${REQ}.in`, 'key', '\'disk type\'', 'key \'disk type\' has a name part', 'use a node label key')],
    ['requirement value not a label value', requiredOf(() => [Req.in('disktype', ['fast ssd'])]),
      factoryError(`${REQ}.in`, 'values[0]', '\'fast ssd\'', 'value \'fast ssd\' must be empty or consist of', 'use a label value')],
    ['matchFields on other than metadata.name', requiredOf(() => [Req.field('metadata.labels', NodeSelectorOperator.IN, ['x'])]),
      factoryError(`${REQ}.field`, 'key', '\'metadata.labels\'', 'matchFields key \'metadata.labels\' is not supported; only \'metadata.name\' is', 'nodeNameIs()')],
    ['matchFields with Exists', requiredOf(() => [Req.field('metadata.name', NodeSelectorOperator.EXISTS, [])]),
      factoryError(`${REQ}.field`, 'operator', '\'Exists\'', 'matchFields operator \'Exists\' is not allowed; only In and NotIn are', 'use nodeNameIs() or nodeNameIsNot()')],
    ['matchFields with two values', requiredOf(() => [Req.field('metadata.name', NodeSelectorOperator.IN, ['node1', 'node2'])]),
      factoryError(`${REQ}.field`, 'values', '["node1","node2"]', 'matchFields with In takes exactly one value (got 2)', 'use one requirement per node name')],
    ['matchFields with an invalid node name', requiredOf(() => [Req.nodeNameIs('Node_1')]),
      factoryError(`${REQ}.nodeNameIs`, 'name', '\'Node_1\'', 'node name \'Node_1\' must be a DNS-1123 subdomain', 'kubectl get nodes')],
    ['matchFields with an empty node name', requiredOf(() => [Req.nodeNameIsNot('')]),
      factoryError(`${REQ}.nodeNameIsNot`, 'name', '\'\'', 'node name \'\' must not be empty', 'kubectl get nodes')],
    ['a bad requirement in a second term', requiredOf(() => [Req.linuxOnly()], () => [Req.linuxOnly(), Req.in('k', [])]),
      factoryError(`${REQ}.in`, 'values', '[]', 'In needs at least one value', 'list the values')],

    // node affinity terms (src/scheduling/node-affinity.ts)
    ['empty required term', made(() => ({ nodeAffinity: { required: [NodeSelectorTerm.of()] } })),
      factoryError('NodeSelectorTerm.of', 'requirements', '[]', 'a term with no requirements matches no node', 'give the term at least one requirement, or leave the term out')],
    ['empty preferred term', made(() => ({ nodeAffinity: { preferred: [{ weight: 1, term: NodeSelectorTerm.of() }] } })),
      factoryError('NodeSelectorTerm.of', 'requirements', '[]', 'a term with no requirements matches no node', 'give the term at least one requirement')],
    ['bad requirement in a preferred term', made(() => ({ nodeAffinity: { preferred: [{ weight: 1, term: NodeSelectorTerm.of(Req.in('k', [])) }] } })),
      factoryError(`${REQ}.in`, 'values', '[]', 'In needs at least one value', 'list the values')],
  ])('made invalid: %s', (_title, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('an invalid nodeSelector is reported as the nodeSelector\'s error, also beside a required term', () => {
    // the satisfiability check compares nodeSelector entries without making them into requirements
    expect(create({ nodeSelector: { disktype: 'fast ssd' }, nodeAffinity: { required: [NodeSelectorTerm.of(Req.exists('disktype'))] } }))
      .toThrow(daemonError('nodeSelector[\'disktype\']', '\'fast ssd\'', 'label value must be empty or consist of'));
    expect(create({ nodeSelector: { 'disk type': 'ssd' }, nodeAffinity: { required: [NodeSelectorTerm.of(Req.linuxOnly())] } }))
      .toThrow(daemonError('nodeSelector', '\'disk type\'', 'label key has a name part'));
  });

  test('addNodeSelector with a second value for a key', () => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, nodeSelector: { disktype: 'ssd' } });

    // THEN
    expect(() => daemon.addNodeSelector('disktype', 'hdd'))
      .toThrow(daemonError('nodeSelector[\'disktype\']', '\'hdd\'', 'is already \'ssd\'; a node label has one value, so both can never hold'));
    expect(() => daemon.addNodeSelector('disktype', 'hdd')).toThrow(/\. Fix: set each nodeSelector key once$/);
  });

  test('the path in the message is the daemon\'s construct path', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Fluentd', { image: IMAGE });

    // THEN
    daemon.addNodeSelector('disk type', 'ssd');
    expect(() => Testing.synth(chart))
      .toThrow(/^ {2}\[test\/Fluentd\] nodeSelector = 'disk type': label key has a name part 'disk type' .*\. Fix: use a node label key such as 'disktype' or 'kubernetes\.io\/hostname'$/m);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['toleration key', () => Toleration.exists('bad key'), /Fix: use the taint's key, e\.g\. 'node-role\.kubernetes\.io\/control-plane'$/],
    ['tolerationSeconds', () => Toleration.exists('k', { tolerationSeconds: 1 }), /Fix: add effect: TaintEffect\.NO_EXECUTE, or drop tolerationSeconds$/],
    ['In with no values', () => Req.in('k', []), /Fix: list the values, or use exists\(\)$/],
    ['NotIn with no values', () => Req.notIn('k', []), /Fix: list the values, or use doesNotExist\(\)$/],
    ['Gt', () => Req.gt('k', 0.5), /Fix: give an integer, e\.g\. NodeSelectorRequirement\.gt\(key, 8\)$/],
    ['weight', create({ nodeAffinity: { preferred: [{ weight: 0, term: NodeSelectorTerm.of(Req.linuxOnly()) }] } }), /Fix: give a weight from 1 \(slight\) to 100 \(strong\)$/],
    ['priorityClassName', create({ priorityClassName: 'X' }), /Fix: name an existing PriorityClass such as 'system-node-critical'$/],
  ])('the fix for %s says what to do', (_title, fn, fix) => {
    expect(fn).toThrow(fix);
  });
});
