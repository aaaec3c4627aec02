/**
 * Property-based tests of the whole API (issue 14, item 3), seeded so every run checks the same cases:
 * random valid props of each construct and variant always synthesize to YAML valid against the
 * Kubernetes 1.27 schema (the jest setup validates every synth), byte-identical twice, holding every
 * value given; random invalid values always throw the one-line `[path] prop = value: problem. Fix: ...`
 * error and yield no YAML.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  LogCollector, LogOutput, MonitoringDaemon, NodeDaemon, NodeDaemonProps, NodeScopedApp, NodeSelectorRequirement, NodeSelectorTerm,
  Probe, TaintEffect, Toleration, UpdateStrategy,
} from '../src';
import { evaluatePodSecurity } from '../src/pod/pod-security';

const SEED = 20261130;
const RUNS = 1000;
const ERROR_FORM = /^\[[^\]\n]*\] [^\n]+ = [^\n]*: [^\n]+\. Fix: [^\n]+$/;

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/);
const labelValue = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/);
const image = fc.tuple(fc.constantFrom('quay.io/example', 'registry.example.com/team', 'example'), label, fc.stringMatching(/^v?[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/))
  .map(([registry, repo, tag]) => `${registry}/${repo}:${tag}`);
const mib = fc.integer({ min: 16, max: 2048 });
const resources = fc.tuple(mib, mib, fc.integer({ min: 1, max: 2000 })).map(([a, b, cpu]) => ({
  memoryRequest: `${Math.min(a, b)}Mi`, memoryLimit: `${Math.max(a, b)}Mi`, cpuRequest: `${cpu}m`,
}));
const ports = fc.uniqueArray(fc.tuple(label.filter(n => /[a-z]/.test(n) && !n.includes('--')), fc.integer({ min: 1024, max: 65535 }), fc.constantFrom(kplus.Protocol.TCP, kplus.Protocol.UDP)), {
  maxLength: 3, selector: ([name]) => name,
}).map(list => {
  const seen = new Set<string>();
  return list.filter(([, n, p]) => !seen.has(`${n}/${p}`) && seen.add(`${n}/${p}`)).map(([name, number, protocol]) => ({ name, number, protocol }));
});
const tolerations = fc.array(fc.oneof(
  fc.constant(Toleration.everything()),
  label.map(k => Toleration.exists(`example.com/${k}`, { effect: TaintEffect.NO_SCHEDULE })),
  fc.tuple(label, labelValue).map(([k, v]) => Toleration.equal(k, v, { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 60 })),
), { maxLength: 3 });
const hostPaths = fc.uniqueArray(fc.tuple(fc.constantFrom('/var/log', '/proc', '/sys', '/var/lib/agent', '/etc/agent'), fc.boolean()), { maxLength: 3, selector: ([p]) => p })
  .map(list => list.map(([path, readOnly]) => ({ path, readOnly })));

/** Valid NodeDaemon props (every kind of value the API takes). */
const daemonProps = fc.record({
  image,
  env: fc.dictionary(envName, labelValue, { maxKeys: 3 }),
  ports,
  resources,
  hostNetwork: fc.boolean(),
  hostPathMounts: hostPaths,
  tolerations,
  nodeSelector: fc.dictionary(label.map(k => `example.com/${k}`), labelValue, { maxKeys: 2 }),
  labels: fc.dictionary(label.map(k => `team.example.com/${k}`), labelValue, { maxKeys: 2 }),
  terminationGracePeriodSeconds: fc.integer({ min: 0, max: 3600 }),
  minReadySeconds: fc.integer({ min: 0, max: 600 }),
  maxUnavailable: fc.oneof(
    fc.integer({ min: 1, max: 10 }).map(n => kplus.PercentOrAbsolute.absolute(n)),
    fc.integer({ min: 1, max: 100 }).map(n => kplus.PercentOrAbsolute.percent(n)),
  ),
  readiness: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  variants: fc.integer({ min: 0, max: 2 }),
}).map(p => ({
  props: {
    image: p.image,
    env: Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
    ports: p.ports,
    resources: p.resources,
    hostNetwork: p.hostNetwork,
    hostPathMounts: p.hostPathMounts,
    tolerations: p.tolerations,
    nodeSelector: p.nodeSelector,
    labels: p.labels,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
    minReadySeconds: p.minReadySeconds,
    updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: p.maxUnavailable }),
    readinessProbe: p.readiness === undefined ? undefined : Probe.tcpSocket({ port: 8080, periodSeconds: p.readiness }),
  } as NodeDaemonProps,
  raw: p,
}));

/** Builds the daemon (of a kind picked by `kind`) in a fresh chart, with its variants. */
function build(kind: number, props: NodeDaemonProps, variants: number): { chart: Chart; daemon: NodeDaemon } {
  const chart = Testing.chart();
  let daemon: NodeDaemon;
  switch (kind) {
    case 1: daemon = new MonitoringDaemon(chart, 'exporter', { ...props, hostNetwork: false, ports: props.ports?.filter(p => p.number !== 9100) }); break;
    case 2: daemon = new LogCollector(chart, 'logs', {
      ...props,
      // The collector mounts /var/log itself (read-only)
      hostPathMounts: props.hostPathMounts?.filter(m => m.path !== '/var/log'),
      resources: { memoryRequest: '256Mi', memoryLimit: '256Mi' },
      outputs: [LogOutput.stdout()],
    }); break;
    case 3: daemon = new NodeScopedApp(chart, 'app', props); break;
    default: daemon = new NodeDaemon(chart, 'agent', props);
  }
  for (let i = 0; i < variants; i++) {
    daemon.addVariant(`v${i}`, { requiredNodeAffinity: [NodeSelectorTerm.of(NodeSelectorRequirement.in('example.com/hardware', [`kind-${i}`]))], image: props.image });
  }
  return { chart, daemon };
}

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
