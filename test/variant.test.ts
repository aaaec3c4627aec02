/**
 * Identity and variants (issue 9, items 1 and 2): one logical daemon, many DaemonSets, each selecting
 * its own pods only, selectors that never change when variants come and go, and every node covered once.
 */
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ClusterInventory, NodeDaemon, NodeDaemonProps, NodeSelectorRequirement, NodeSelectorTerm, Placement, TaintEffect, Toleration,
} from '../src';
import { IMAGE, inputError, synthOf } from './scheduling/helpers';

const GPU = { 'example.com/gpu': 'nvidia' };

/** The sample kind cluster with one GPU worker and one arm64 worker. */
function cluster(): ClusterInventory {
  return ClusterInventory.sample()
    .withLabel('kind-worker', 'example.com/gpu', 'nvidia')
    .withLabel('kind-worker2', 'kubernetes.io/arch', 'arm64');
}

/** A node-exporter-like daemon with a GPU and an arm64 variant, exposed through one Service. */
function exporterWithVariants(props: Partial<NodeDaemonProps> = {}) {
  const chart = Testing.chart();
  const daemon = new NodeDaemon(chart, 'exporter', {
    image: IMAGE,
    namespace: 'monitoring',
    ports: [{ name: 'metrics', number: 9100 }],
    tolerations: Toleration.controlPlane(),
    ...props,
  });
  const gpu = daemon.addVariant('gpu', { nodeSelector: GPU, image: 'nvcr.io/nvidia/k8s/dcgm-exporter:3.1.8-3.1.5-ubuntu20.04', resources: { memoryLimit: '512Mi' } });
  const arm = daemon.addVariant('arm64', {
    requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.architecture('arm64'), NodeSelectorRequirement.notIn('example.com/gpu', ['nvidia']))],
    args: ['--collector.disable-defaults'],
  });
  daemon.exposeViaService();
  return { chart, daemon, gpu, arm };
}

const daemonSets = (manifests: any[]) => manifests.filter(m => m.kind === 'DaemonSet');
const selects = (selector: { [k: string]: string }, labels: { [k: string]: string }) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('identity', () => {
  test('every DaemonSet selects its own pods only, and the logical daemon label is shared', () => {
    // GIVEN
    const { chart } = exporterWithVariants();

    // WHEN
    const sets = daemonSets(Testing.synth(chart));

    // THEN
    expect(sets.map(d => d.metadata.name)).toEqual(['exporter', 'exporter-gpu', 'exporter-arm64']);
    for (const a of sets) {
      expect(a.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('exporter');
      for (const b of sets) {
        expect(selects(a.spec.selector.matchLabels, b.spec.template.metadata.labels)).toBe(a === b);
      }
    }
    expect(sets[1].spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/instance': 'exporter', 'app.kubernetes.io/name': 'exporter', 'cdk8s-daemons.io/variant': 'gpu' });
  });

  test('the base selector is the same with and without variants, and a variant keeps its selector when another is removed', () => {
    // GIVEN
    const alone = Testing.chart();
    new NodeDaemon(alone, 'exporter', { image: IMAGE, namespace: 'monitoring' });
    const onlyArm = Testing.chart();
    new NodeDaemon(onlyArm, 'exporter', { image: IMAGE, namespace: 'monitoring' })
      .addVariant('arm64', { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.architecture('arm64'), NodeSelectorRequirement.notIn('example.com/gpu', ['nvidia']))] });

    // WHEN
    const before = daemonSets(Testing.synth(alone));
    const withBoth = daemonSets(Testing.synth(exporterWithVariants().chart));
    const afterRemoving = daemonSets(Testing.synth(onlyArm));

    // THEN
    expect(withBoth[0].spec.selector).toEqual(before[0].spec.selector);
    expect(before[0].spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/instance': 'exporter', 'app.kubernetes.io/name': 'exporter', 'cdk8s-daemons.io/variant': 'default' });
    expect(afterRemoving[1].spec.selector).toEqual(withBoth[2].spec.selector);
    expect(afterRemoving.map(d => d.metadata.name)).toEqual(['exporter', 'exporter-arm64']);
  });

  test('node.defaultChild is the base DaemonSet, so ApiObject.of(daemon) works', () => {
    const { daemon, gpu } = exporterWithVariants();
    expect(ApiObject.of(daemon)).toBe(daemon.daemonSet);
    expect(ApiObject.of(gpu)).toBe(gpu.daemonSet);
  });

  test('a DaemonSet name may be any DNS-1123 subdomain; the main container takes the name with dots as dashes', () => {
    // GIVEN
    const chart = Testing.chart();
    const longName = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}`;
    new NodeDaemon(chart, 'dotted', { image: IMAGE, name: 'a.b.c' });
    new NodeDaemon(chart, 'long', { image: IMAGE, name: 'long-daemon', daemonSetName: longName });

    // WHEN
    const [dotted, long] = daemonSets(Testing.synth(chart));

    // THEN
    expect(dotted.metadata.name).toBe('a.b.c');
    expect(dotted.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('a.b.c');
    expect(dotted.spec.template.spec.containers[0].name).toBe('a-b-c');
    expect(long.metadata.name).toBe(longName);
    expect(long.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('long-daemon');
  });

  test('names Kubernetes cannot take are errors naming the prop', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, name: 'x'.repeat(64) })).toThrow(inputError('test/d', 'name', `'${'x'.repeat(64)}'`, 'must be at most 63 characters'));
    expect(() => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, daemonSetName: 'Bad_Name' })).toThrow(inputError('test/d', 'daemonSetName', '\'Bad_Name\'', 'must be a DNS-1123 subdomain'));
    expect(() => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, containerName: 'a.b' })).toThrow(inputError('test/d', 'containerName', '\'a.b\'', 'container name must be a DNS-1123 label'));
  });
});

describe('variants', () => {
  test('each variant renders its own image, args, resources and node selection; the base excludes their nodes', () => {
    // GIVEN
    const { chart } = exporterWithVariants();

    // WHEN
    const [base, gpu, arm] = daemonSets(Testing.synth(chart));

    // THEN
    expect(base.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'example.com/gpu', operator: 'NotIn', values: ['nvidia'] },
        { key: 'kubernetes.io/arch', operator: 'NotIn', values: ['arm64'] },
      ],
    }]);
    expect(gpu.spec.template.spec.nodeSelector).toEqual(GPU);
    expect(gpu.spec.template.spec.containers[0].image).toBe('nvcr.io/nvidia/k8s/dcgm-exporter:3.1.8-3.1.5-ubuntu20.04');
    expect(gpu.spec.template.spec.containers[0].resources).toEqual({ limits: { memory: '512Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
    expect(arm.spec.template.spec.containers[0].args).toEqual(['--collector.disable-defaults']);
    expect(arm.spec.template.spec.containers[0].image).toBe(IMAGE);
    // Tolerations and the rest of the pod are shared
    for (const ds of [base, gpu, arm]) {
      expect(ds.spec.template.spec.tolerations).toEqual(base.spec.template.spec.tolerations);
      expect(ds.spec.template.spec.serviceAccountName).toBe('exporter');
    }
  });

  test('the sample cluster is covered exactly once, and the one Service reaches every variant', () => {
    // GIVEN
    const { chart } = exporterWithVariants();

    // WHEN
    const manifests = Testing.synth(chart);
    const report = Placement.preview(manifests, cluster());

    // THEN
    expect(report.coverage).toEqual([{
      daemon: 'monitoring/exporter',
      daemonSets: ['exporter', 'exporter-gpu', 'exporter-arm64'],
      uncovered: [],
      overlapping: [],
    }]);
    expect(report.daemonSets.map(d => [d.name, d.desired])).toEqual([['exporter', 2], ['exporter-gpu', 1], ['exporter-arm64', 1]]);
    const service = manifests.find(m => m.kind === 'Service');
    for (const ds of daemonSets(manifests)) {
      expect(selects(service.spec.selector, ds.spec.template.metadata.labels)).toBe(true);
    }
  });

  test('a NetworkPolicy from restrictIngress selects the pods of every variant', () => {
    // GIVEN
    const { chart, daemon } = exporterWithVariants();
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    const policy = manifests.find(m => m.kind === 'NetworkPolicy');
    for (const ds of daemonSets(manifests)) {
      expect(selects(policy.spec.podSelector.matchLabels, ds.spec.template.metadata.labels)).toBe(true);
    }
  });

  test('variant env is set over the daemon\'s, and tolerations add to the daemon\'s', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'agent', {
      image: IMAGE,
      env: { MODE: kplus.EnvValue.fromValue('cpu'), KEEP: kplus.EnvValue.fromValue('1') },
      tolerations: Toleration.controlPlane(),
    });
    daemon.addVariant('gpu', {
      nodeSelector: GPU,
      env: { MODE: kplus.EnvValue.fromValue('gpu'), EXTRA: kplus.EnvValue.fromValue('x') },
      tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
    });

    // WHEN
    const [base, gpu] = daemonSets(Testing.synth(chart));

    // THEN
    expect(gpu.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'gpu' }, { name: 'KEEP', value: '1' }, { name: 'EXTRA', value: 'x' },
    ]);
    expect(gpu.spec.template.spec.tolerations).toEqual([...base.spec.template.spec.tolerations, { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('overlapping variants are an error naming both', () => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'exporter', { image: IMAGE });
    daemon.addVariant('gpu', { nodeSelector: GPU });

    // WHEN
    daemon.addVariant('arm64', { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.architecture('arm64'))] });

    // THEN
    expect(() => synthOf(daemon))
      .toThrow(inputError('test/exporter', 'addVariant(\'arm64\')', '\'kubernetes.io/arch In [arm64]\'', 'overlaps variant \'gpu\' (example.com/gpu In [nvidia]): a node with kubernetes.io/arch In [arm64] AND example.com/gpu In [nvidia] would run a pod of each'));
  });

  test('variant selections the base cannot exclude, or that select nothing, are errors', () => {
    const daemon = () => new NodeDaemon(Testing.chart(), 'exporter', { image: IMAGE, nodeSelector: { disktype: 'ssd' } });
    expect(() => synthOf(daemon().addVariant('big', { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.gt('example.com/cores', 32))] })))
      .toThrow(inputError('test/exporter', 'addVariant(\'big\').requiredNodeAffinity', '\'example.com/cores Gt [32]\'', 'uses Gt or Lt'));
    expect(() => synthOf(daemon().addVariant('any', {})))
      .toThrow(inputError('test/exporter', 'addVariant(\'any\').nodeSelector', '{}', 'selects no nodes of its own'));
    expect(() => synthOf(daemon().addVariant('hdd', { nodeSelector: { disktype: 'hdd' } })))
      .toThrow(inputError('test/exporter', 'addVariant(\'hdd\').nodeSelector[\'disktype\']', '\'hdd\'', 'contradicts the daemon\'s nodeSelector disktype=ssd'));
    expect(() => synthOf(daemon().addVariant('default', { nodeSelector: GPU })))
      .toThrow(inputError('test/exporter', 'addVariant(\'default\')', '\'default\'', '\'default\' is the base DaemonSet\'s variant label'));
    expect(() => synthOf(daemon().addVariant('gpu', { nodeSelector: GPU, image: 'Nvidia/Dcgm' })))
      .toThrow(inputError('test/exporter', 'addVariant(\'gpu\').image', '\'Nvidia/Dcgm\'', 'is not an image reference the kubelet can pull'));
    expect(() => synthOf(daemon().addVariant('gpu', { nodeSelector: GPU, resources: { memoryRequest: '1Gi' } })))
      .toThrow(inputError('test/exporter', 'addVariant(\'gpu\').resources.memoryRequest', '\'1Gi\'', 'is above memoryLimit'));
  });

  test('variants that take every node of the base are an error', () => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'exporter', { image: IMAGE });
    daemon.addVariant('gpu', { nodeSelector: GPU });

    // WHEN
    daemon.addVariant('other', { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.notIn('example.com/gpu', ['nvidia']))] });

    // THEN
    expect(() => synthOf(daemon))
      .toThrow(inputError('test/exporter', 'addVariant', '["gpu","other"]', 'the variants take every node the base DaemonSet could run on'));
  });
});
