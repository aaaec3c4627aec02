/**
 * Adopting a DaemonSet that already runs (issue 9, item 3): the seed tutorials' DaemonSets,
 * reproduced field for field, selectors included, so `kubectl apply` updates them in place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { AdoptedChart } from '../examples/adopted';
import { NodeDaemon, NodeSelectorTerm, NodeSelectorRequirement } from '../src';
import { IMAGE, inputError, synthOf } from './scheduling/helpers';

const seed = (file: string) => parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'seeds', file), 'utf8'));

describe('adopting the seed DaemonSets', () => {
  // The props are those of examples/adopted.ts, which users read: the test checks the example itself.
  const adopted = Testing.synth(new AdoptedChart(Testing.app(), 'adopted')).filter(m => m.kind === 'DaemonSet');

  test('the fluentd-elasticsearch DaemonSet of the Kubernetes docs (selector name: fluentd-elasticsearch)', () => {
    // GIVEN the example's DaemonSet
    const ds = adopted.find(d => d.metadata.name === 'fluentd-elasticsearch');

    // THEN every field the seed sets has the seed's value, and the selector is exactly the seed's
    const expected = seed('fluentd-elasticsearch.yaml');
    // The seed tolerates the master taint with operator Equal and an empty value; Exists matches it too.
    const tolerations = [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }];
    const template = { ...expected.spec.template, spec: { ...expected.spec.template.spec, tolerations } };
    expect(ds).toMatchObject({ ...expected, spec: { ...expected.spec, template } });
    expect(ds.spec.selector).toEqual(expected.spec.selector);
    expect(ds.metadata.labels['k8s-app']).toBe('fluentd-logging');
  });

  test('the DaemonSet101 prometheus-daemonset (selector name=prometheus-exporter, tier=monitoring; container prometheus)', () => {
    // GIVEN the example's DaemonSet
    const ds = adopted.find(d => d.metadata.name === 'prometheus-daemonset');

    // THEN
    const expected = seed('prometheus-daemonset.yaml');
    expect(ds).toMatchObject(expected);
    expect(ds.spec.selector).toEqual(expected.spec.selector);
    // An untagged image is pulled Always, as Kubernetes defaults it
    expect(ds.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test('an adopted daemon keeps its identity labels, so its Services and variants still reach every pod', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'fluentd', {
      image: IMAGE,
      adoptedSelector: { name: 'fluentd-elasticsearch' },
      ports: [{ name: 'metrics', number: 24231 }],
    });
    daemon.addVariant('arm64', { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.architecture('arm64'))] });
    daemon.exposeViaService();

    // WHEN
    const manifests = Testing.synth(chart);
    const [base, arm] = manifests.filter(m => m.kind === 'DaemonSet');
    const service = manifests.find(m => m.kind === 'Service');

    // THEN
    expect(base.spec.selector.matchLabels).toEqual({ name: 'fluentd-elasticsearch' });
    expect(arm.spec.template.metadata.labels.name).toBeUndefined();
    for (const ds of [base, arm]) {
      for (const [k, v] of Object.entries(service.spec.selector)) { expect(ds.spec.template.metadata.labels[k]).toBe(v); }
    }
  });


  test('a DaemonSet from a release before variants (selector name + instance only) keeps its selector', () => {
    // GIVEN the selector that release wrote, as README's upgrade note says to adopt it
    const chart = Testing.chart();
    const before = { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' };
    new NodeDaemon(chart, 'agent', { image: IMAGE, adoptedSelector: before });

    // WHEN
    const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');

    // THEN the selector is unchanged (no variant label), and the pods still match it
    expect(ds.spec.selector).toEqual({ matchLabels: before });
    expect(ds.spec.template.metadata.labels).toMatchObject(before);
  });
  test('adopted selectors that cannot work are errors', () => {
    const make = (props: object) => () => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, ...props });
    expect(make({ adoptedSelector: {} })).toThrow(inputError('test/d', 'adoptedSelector', '{}', 'is empty'));
    expect(make({ adoptedSelector: { 'bad key!': 'x' } })).toThrow(inputError('test/d', 'adoptedSelector', '\'bad key!\'', 'label key'));
    expect(make({ adoptedSelector: { 'app.kubernetes.io/name': 'other' } }))
      .toThrow(inputError('test/d', 'adoptedSelector[\'app.kubernetes.io/name\']', '\'other\'', 'conflicts with the pods\' label app.kubernetes.io/name=d'));
    expect(make({ adoptedSelector: { 'cdk8s-daemons.io/variant': 'x' } }))
      .toThrow(inputError('test/d', 'adoptedSelector[\'cdk8s-daemons.io/variant\']', '\'x\'', 'is the label cdk8s-daemons gives each variant'));
    // A variant whose pods the adopted selector would also select
    const daemon = new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, adoptedSelector: { tier: 'monitoring' }, podLabels: { tier: 'monitoring' } });
    expect(() => synthOf(daemon.addVariant('gpu', { nodeSelector: { gpu: 'true' } })))
      .toThrow(inputError('test/d', 'addVariant(\'gpu\')', '{"tier":"monitoring"}', 'has pods that the adopted selector of the base DaemonSet also selects'));
  });

  test('podLabels go on the pods only; the variant label cannot be set by hand', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'd', { image: IMAGE, podLabels: { tier: 'monitoring' } });

    // WHEN
    const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');

    // THEN
    expect(ds.spec.template.metadata.labels.tier).toBe('monitoring');
    expect(ds.metadata.labels.tier).toBeUndefined();
    expect(() => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, podLabels: { 'cdk8s-daemons.io/variant': 'x' } }))
      .toThrow(inputError('test/d', 'podLabels[\'cdk8s-daemons.io/variant\']', '\'x\'', 'is managed by cdk8s-daemons'));
  });
});
