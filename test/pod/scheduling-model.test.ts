import * as kplus from 'cdk8s-plus-27';
import { DaemonSchedulingOptions, NodeSelectorRequirement as Req, NodeSelectorTerm, PreemptionPolicy, TaintEffect, Toleration } from '../../src';
import { SchedulingModel } from '../../src/pod/scheduling-model';

/** Issue 23: the scheduling model called directly: every problem whole, every field rendered or left out. */

const problemsOf = (props: DaemonSchedulingOptions) => new SchedulingModel(props).problems();
const renderOf = (props: DaemonSchedulingOptions) => new SchedulingModel(props).render();
const WEIGHT = { problem: 'must be an integer from 1 to 100', fix: 'give a weight from 1 (slight) to 100 (strong)' };
const TERM = { matchLabels: { app: 'cache' }, topology: kplus.Topology.HOSTNAME };

describe('SchedulingModel.render', () => {
  test('nothing given: every field left out (the API server has no default for any of them)', () => {
    expect(renderOf({})).toEqual({
      tolerations: undefined, nodeSelector: undefined, affinity: undefined, priorityClassName: undefined, preemptionPolicy: undefined,
    });
  });

  test('each kind of affinity alone writes only its own part', () => {
    const term = NodeSelectorTerm.of(Req.in('disktype', ['ssd']));
    const kubeTerm = { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] };
    expect(renderOf({ nodeAffinity: { required: [term] } }).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [kubeTerm] },
        preferredDuringSchedulingIgnoredDuringExecution: undefined,
      },
      podAffinity: undefined,
      podAntiAffinity: undefined,
    });
    expect(renderOf({ nodeAffinity: { preferred: [{ weight: 7, term }] } }).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: undefined,
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, preference: kubeTerm }],
      },
      podAffinity: undefined,
      podAntiAffinity: undefined,
    });
    const pod = renderOf({ podAffinity: { required: [TERM] } }).affinity;
    expect(pod?.nodeAffinity).toBeUndefined();
    expect(pod?.podAntiAffinity).toBeUndefined();
    expect(pod?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(pod?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    const anti = renderOf({ podAntiAffinity: { preferred: [{ weight: 3, term: TERM }] } }).affinity;
    expect(anti?.podAffinity).toBeUndefined();
    expect(anti?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(anti?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.map(w => w.weight)).toEqual([3]);
  });

  test('tolerations, the nodeSelector, priority and preemption as given; the props are copied', () => {
    const nodeSelector: { [key: string]: string } = { disktype: 'ssd' };
    const tolerations = [Toleration.exists('a', { effect: TaintEffect.NO_SCHEDULE })];
    const model = new SchedulingModel({ nodeSelector, tolerations, priorityClassName: 'system-node-critical', preemptionPolicy: PreemptionPolicy.NEVER });
    nodeSelector.zone = 'a';
    tolerations.push(Toleration.everything());
    expect(model.render()).toEqual({
      tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { disktype: 'ssd' },
      affinity: undefined,
      priorityClassName: 'system-node-critical',
      preemptionPolicy: 'Never',
    });
  });
});

describe('SchedulingModel.problems', () => {
  test('a nodeSelector key and value, each named', () => {
    expect(problemsOf({ nodeSelector: { 'bad key': 'ok', 'disktype': 'bad value' } })).toEqual([
      { prop: 'nodeSelector', value: 'bad key', problem: expect.stringMatching(/^label key /), fix: 'use a node label key such as \'disktype\' or \'kubernetes.io/hostname\'' },
      { prop: 'nodeSelector[\'disktype\']', value: 'bad value', problem: expect.stringMatching(/^label value /), fix: 'use a label value such as \'ssd\'' },
    ]);
    expect(problemsOf({ nodeSelector: { 'kubernetes.io/hostname': '' } })).toEqual([]);
  });

  test('weights from 1 to 100 on both sides, for node affinity, pod affinity and anti-affinity', () => {
    const term = NodeSelectorTerm.of(Req.exists('a'));
    for (const ok of [1, 100]) {
      expect(problemsOf({ nodeAffinity: { preferred: [{ weight: ok, term }] } })).toEqual([]);
      const weighted = [{ weight: ok, term: TERM }];
      expect(problemsOf({ podAffinity: { preferred: weighted }, podAntiAffinity: { preferred: weighted } })).toEqual([]);
    }
    for (const bad of [0, 101, 1.5]) {
      expect(problemsOf({ nodeAffinity: { preferred: [{ weight: 50, term }, { weight: bad, term }] } })).toEqual([{ prop: 'nodeAffinity.preferred[1].weight', value: bad, ...WEIGHT }]);
      const podAffinity = { preferred: [{ weight: bad, term: TERM }] };
      expect(problemsOf({ podAffinity, podAntiAffinity: { preferred: [{ weight: 50, term: TERM }, { weight: bad, term: TERM }] } })).toEqual([
        { prop: 'podAffinity.preferred[0].weight', value: bad, ...WEIGHT },
        { prop: 'podAntiAffinity.preferred[1].weight', value: bad, ...WEIGHT },
      ]);
    }
  });

  test('a bad node weight is reported before, and instead of, the terms\' contradictions', () => {
    const never = NodeSelectorTerm.of(Req.in('a', ['x']), Req.notIn('a', ['x']));
    expect(problemsOf({ nodeAffinity: { required: [never], preferred: [{ weight: 0, term: never }] } }).map(p => p.prop)).toEqual(['nodeAffinity.preferred[0].weight']);
    expect(problemsOf({ nodeAffinity: { required: [never] } })).toEqual([{
      prop: 'nodeAffinity.required[0]', value: never.toString(), problem: expect.stringMatching(/^no node can match this term: /), fix: 'remove the contradicting requirement',
    }]);
  });

  test('a term against the nodeSelector: the one term means no pod at all, one of several selects no node', () => {
    const ssd = NodeSelectorTerm.of(Req.in('disktype', ['ssd']));
    const any = NodeSelectorTerm.of(Req.exists('zone'));
    const withSelector = (problem: string) => ({
      prop: 'nodeAffinity.required[0]',
      value: ssd.toString(),
      problem: expect.stringContaining(problem),
      fix: 'drop the nodeSelector entry or change the term so both can hold on the nodes you mean',
    });
    expect(problemsOf({ nodeSelector: { disktype: 'hdd' }, nodeAffinity: { required: [ssd] } })).toEqual([
      withSelector('can never hold together with the nodeSelector {"disktype":"hdd"} ('),
    ]);
    expect(problemsOf({ nodeSelector: { disktype: 'hdd' }, nodeAffinity: { required: [ssd] } })[0].problem).toMatch(/\), so the DaemonSet would run no pod at all$/);
    expect(problemsOf({ nodeSelector: { disktype: 'hdd' }, nodeAffinity: { required: [ssd, any] } })).toEqual([withSelector('), so this alternative selects no node')]);
    expect(problemsOf({ nodeSelector: { disktype: 'ssd' }, nodeAffinity: { required: [ssd] } })).toEqual([]);
  });

  test('pod affinity terms: problems under the term\'s path, required and preferred', () => {
    const bad = { matchLabels: { 'bad key': 'x' }, topology: kplus.Topology.HOSTNAME };
    const props = { podAffinity: { required: [TERM, bad] }, podAntiAffinity: { preferred: [{ weight: 1, term: bad }] } };
    expect(problemsOf(props).map(p => p.prop)).toEqual([
      expect.stringMatching(/^podAffinity\.required\[1\]\./),
      expect.stringMatching(/^podAntiAffinity\.preferred\[0\]\.term\./),
    ]);
  });

  test('priorityClassName: a DNS subdomain (253 characters accepted, 254 refused); preemptionPolicy one of two', () => {
    expect(problemsOf({ priorityClassName: 'a'.repeat(253) })).toEqual([]);
    expect(problemsOf({ priorityClassName: 'a'.repeat(254) })).toEqual([{
      prop: 'priorityClassName',
      value: 'a'.repeat(254),
      problem: expect.stringMatching(/253/),
      fix: 'name an existing PriorityClass such as \'system-node-critical\'',
    }]);
    expect(problemsOf({ preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY })).toEqual([]);
    expect(problemsOf({ preemptionPolicy: 'never' as PreemptionPolicy })).toEqual([{
      prop: 'preemptionPolicy', value: 'never', problem: 'is not PreemptLowerPriority or Never', fix: 'use a PreemptionPolicy member',
    }]);
  });
});
