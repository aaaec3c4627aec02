/**
 * Property-based tests of the whole API (issue 14, item 3), seeded so every run checks the same cases:
 * random valid props of each construct and variant always synthesize to YAML valid against the
 * Kubernetes 1.27 schema (the jest setup validates every synth), byte-identical twice, holding every
 * value given; random invalid values always throw the one-line `[path] prop = value: problem. Fix: ...`
 * error and yield no YAML.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { NodeDaemon, NodeDaemonProps, NodeSelectorRequirement, Probe, Toleration, UpdateStrategy } from '../src';
import { build, daemonProps } from './util/generators';
import { runs } from './util/runs';
import { evaluatePodSecurity } from '../src/pod/pod-security';

const SEED = 20261130;
const RUNS = runs(1000);
const ERROR_FORM = /^\[[^\]\n]*\] [^\n]+ = [^\n]*: [^\n]+\. Fix: [^\n]+$/;

describe('valid props', () => {
  test('synthesize to schema-valid YAML, twice byte-identical, holding every value given, with the Pod Security level of the output', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), daemonProps, (kind, { props, raw }) => {
      const a = build(kind, props, raw.variants);
      const manifests = Testing.synth(a.chart);
      const yaml = JSON.stringify(manifests);
      const b = build(kind, props, raw.variants);
      expect(JSON.stringify(Testing.synth(b.chart))).toBe(yaml);
      const sets = manifests.filter(m => m.kind === 'DaemonSet');
      expect(sets).toHaveLength(1 + raw.variants);
      const text = JSON.stringify(sets[0]);
      expect(text).toContain(props.image);
      for (const [k, v] of Object.entries(raw.env)) { expect(sets[0].spec.template.spec.containers[0].env).toContainEqual({ name: k, value: v }); }
      for (const p of props.ports ?? []) { expect(text).toContain(`"containerPort":${p.number}`); }
      for (const [k, v] of Object.entries(raw.nodeSelector)) { expect(sets[0].spec.template.spec.nodeSelector[k]).toBe(v); }
      for (const [k, v] of Object.entries(raw.labels)) { expect(sets[0].metadata.labels[k]).toBe(v); }
      expect(sets[0].spec.minReadySeconds).toBe(raw.minReadySeconds);
      for (const ds of sets) {
        expect(evaluatePodSecurity(ds.spec.template.spec, ds.spec.template.metadata).level).toBe(a.daemon.podSecurityLevel);
      }
    }), { seed: SEED, numRuns: RUNS });
  });
});

/** An invalid value for one prop, and the prop the error must name. */
const invalid = fc.oneof(
  fc.stringMatching(/^[A-Z][A-Za-z_]{0,10}$/).map(v => ({ props: { name: v }, prop: 'name' })),
  fc.string({ minLength: 64, maxLength: 80 }).map(v => ({ props: { name: v.replace(/[^a-z]/g, 'a') }, prop: 'name' })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ min: 1.1, max: 100, noInteger: true })).map(n => ({ props: { ports: [{ name: 'http', number: n }] }, prop: 'ports[0].number' })),
  fc.constantFrom('tcp', 'udp', 'HTTP', 'sctp').map(p => ({ props: { ports: [{ name: 'http', number: 80, protocol: p as kplus.Protocol }] }, prop: 'ports[0].protocol' })),
  fc.stringMatching(/^[A-Z][a-z]{1,8}\/[a-z]{1,8}$/).map(v => ({ props: { image: v }, prop: 'image' })),
  fc.stringMatching(/^[a-z]{1,5}$/).map(q => ({ props: { resources: { memoryLimit: q } }, prop: 'resources.memoryLimit' })),
  fc.integer({ min: 2 ** 31, max: 2 ** 40 }).map(n => ({ props: { minReadySeconds: n }, prop: 'minReadySeconds' })),
  fc.double({ min: 2 ** 54, max: 2 ** 70 }).map(n => ({ props: { terminationGracePeriodSeconds: n }, prop: 'terminationGracePeriodSeconds' })),
  fc.stringMatching(/^[a-z]{1,6} [a-z]{1,6}$/).map(k => ({ props: { nodeSelector: { [k]: 'x' } }, prop: 'nodeSelector' })),
  fc.stringMatching(/^[a-z]{1,6}!$/).map(v => ({ props: { labels: { team: v } }, prop: 'labels[\'team\']' })),
);

/** Invalid values of the value classes: each throws naming its factory. */
const invalidValues = fc.oneof(
  fc.integer({ min: 101, max: 1000 }).map(n => () => UpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(n) })),
  fc.stringMatching(/^[a-z]{1,5} [a-z]{1,5}$/).map(k => () => Toleration.exists(k)),
  fc.stringMatching(/^[A-Z][a-z]{1,5}$/).map(op => () => NodeSelectorRequirement.custom('disktype', op as any, ['ssd'])),
  fc.integer({ min: 2 ** 31, max: 2 ** 40 }).map(n => () => Probe.tcpSocket({ port: 80, periodSeconds: n })),
  fc.double({ min: 0.1, max: 1000, noInteger: true }).map(n => () => NodeSelectorRequirement.gt('cores', n)),
);

describe('invalid values', () => {
  test('always throw the one-line form naming the construct path and the prop, and never yield YAML', () => {
    fc.assert(fc.property(invalid, ({ props, prop }) => {
      const chart = Testing.chart();
      let message = '';
      try {
        new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', ...props } as NodeDaemonProps);
        Testing.synth(chart);
      } catch (e: any) { message = e.message; }
      const line = message.replace(/^Validation failed with the following errors:\n\s+/, '');
      expect(line).toMatch(ERROR_FORM);
      expect(line.startsWith(`[test/agent] ${prop} = `)).toBe(true);
    }), { seed: SEED, numRuns: RUNS * 2 });
  });

  test('value classes throw naming their factory', () => {
    fc.assert(fc.property(invalidValues, make => {
      expect(make).toThrow(/^\[[A-Za-z]+\.[a-zA-Z]+\] [^\n]+ = [^\n]*: [^\n]+\. Fix: [^\n]+$/);
    }), { seed: SEED, numRuns: RUNS * 2 });
  });
});
