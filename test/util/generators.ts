/**
 * Generators of valid props for every construct (fast-check), shared by the property tests and the
 * conformance run against Kubernetes' own code.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  LogCollector, LogOutput, MonitoringDaemon, NodeDaemon, NodeDaemonProps, NodeScopedApp, NodeSelectorRequirement, NodeSelectorTerm,
  Probe, TaintEffect, Toleration, UpdateStrategy,
} from '../../src';

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
export const daemonProps = fc.record({
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
export function build(kind: number, props: NodeDaemonProps, variants: number): { chart: Chart; daemon: NodeDaemon } {
  const chart = Testing.chart();
  let daemon: NodeDaemon;
  switch (kind) {
    case 1: daemon = new MonitoringDaemon(chart, 'exporter', { ...props, hostNetwork: false, ports: props.ports?.filter(p => p.number !== 9100) }); break;
    case 2: daemon = new LogCollector(chart, 'logs', {
      ...props,
      // Its API access binds a ServiceAccount, which needs a namespace
      namespace: 'logging',
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

