/**
 * Issue 23, item 2: every numeric limit the library enforces, tested on both sides with the shared
 * helper (the largest and smallest accepted value, and the first refused one on each side), and the
 * Kubernetes defaults the rules rely on, tested with the field absent.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ClusterInventory, DaemonNamespace, LogCollector, LogEngine, MonitoringDaemon, NodeDaemon, NodeDaemonProps,
  NodeSelectorRequirement, NodeSelectorTerm, Placement, Probe, TaintEffect, Toleration, UpdateStrategy,
} from '../src';
import { IMAGE } from './scheduling/helpers';
import { expectLimit } from './util/limits';
import { checkManifests } from '../src/rules/check';
import { priorityResolver } from '../src/rules/scheduler-fit';

/** A NodeDaemon with `props`, synthesized (so checks that run at synth count). */
function daemon(props: Partial<NodeDaemonProps>, configure?: (d: NodeDaemon) => void): void {
  const chart = new Chart(Testing.app(), 'c');
  const d = new NodeDaemon(chart, 'agent', { image: IMAGE, ...props });
  configure?.(d);
  Testing.synth(chart);
}

describe('ports', () => {
  test('container port: 1 to 65535', () => expectLimit(n => daemon({ ports: [{ name: 'p', number: n }] }), { accepted: [1, 65535], refused: [0, 65536], error: /must be an integer from 1 to 65535/ }));
  test('host port: 1 to 65535', () => expectLimit(n => daemon({ ports: [{ name: 'p', number: 8080, hostPort: n }] }), { accepted: [1, 65535], refused: [0, 65536], error: /must be an integer from 1 to 65535/ }));
  test('MonitoringDaemon port: 1 to 65535', () => expectLimit(n => new MonitoringDaemon(Testing.chart(), 'm', { port: n }), { accepted: [1, 65535], refused: [0, 65536], error: /must be an integer from 1 to 65535/ }));
  test('probe port: 1 to 65535', () => {
    expectLimit(n => Probe.tcpSocket({ port: n }), { accepted: [1, 65535], refused: [0, 65536], error: /\[Probe.tcpSocket\] port = .*1 to 65535/ });
    expectLimit(n => Probe.httpGet('/', { port: n }), { accepted: [1, 65535], refused: [0, 65536], error: /\[Probe.httpGet\] port = .*1 to 65535/ });
  });
  test('Service port: 1 to 65535', () => expectLimit(n => daemon({ ports: [{ name: 'p', number: 80 }] }, d => d.exposeViaService({ servicePorts: { p: n } })),
    { accepted: [1, 65535], refused: [0, 65536], error: /servicePorts\['p'\] = .*must be an integer from 1 to 65535/ }));
  test('node port: 30000 to 32767', () => expectLimit(n => daemon({ ports: [{ name: 'p', number: 80 }] }, d => d.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { p: n } })),
    { accepted: [30000, 32767], refused: [29999, 32768], error: /30000/ }));
});

describe('names and labels', () => {
  test('name: a DNS label of at most 63 characters', () => expectLimit(n => daemon({ name: 'a'.repeat(n) }), { accepted: [1, 63], refused: [64], error: /63/ }));
  test('a Service\'s name: a DNS-1035 label of at most 63 characters', () => expectLimit(n => daemon({ ports: [{ name: 'p', number: 80 }] }, d => d.exposeViaService({ name: 's'.repeat(n) })),
    { accepted: [1, 63], refused: [64], error: /name = 's+': must be a DNS-1035 label: at most 63/ }));
  test('daemonSetName: a DNS subdomain of at most 253 characters', () => expectLimit(n => daemon({ daemonSetName: 'a'.repeat(n) }), { accepted: [1, 253], refused: [254], error: /253/ }));
});

describe('durations and counts (int32 and int64 fields)', () => {
  test('minReadySeconds: 0 to 2147483647', () => expectLimit(n => daemon({ minReadySeconds: n }), { accepted: [0, 2147483647], refused: [-1, 2147483648], error: /minReadySeconds/ }));
  test('revisionHistoryLimit: 0 to 2147483647', () => expectLimit(n => daemon({ revisionHistoryLimit: n }), { accepted: [0, 2147483647], refused: [-1, 2147483648], error: /revisionHistoryLimit/ }));
  test('terminationGracePeriodSeconds: 0 and up', () => expectLimit(n => daemon({ terminationGracePeriodSeconds: n }), { accepted: [0, 86400], refused: [-1], error: /terminationGracePeriodSeconds/ }));
  test('tolerationSeconds: an int64, within ±(2^53 - 1) where a number holds whole seconds', () => expectLimit(n => Toleration.exists('k', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: n }),
    { accepted: [-Number.MAX_SAFE_INTEGER, -1, 0, Number.MAX_SAFE_INTEGER], refused: [-(2 ** 53), 2 ** 53], error: /tolerationSeconds = .*is beyond ±9007199254740991/ }));
  test('probe periodSeconds: 1 to 2147483647', () => expectLimit(n => Probe.httpGet('/', { port: 80, periodSeconds: n }), { accepted: [1, 2147483647], refused: [0, 2147483648], error: /periodSeconds/ }));
  test('probe timeoutSeconds: 1 to 2147483647', () => expectLimit(n => Probe.httpGet('/', { port: 80, timeoutSeconds: n }), { accepted: [1, 2147483647], refused: [0, 2147483648], error: /timeoutSeconds/ }));
  test('probe initialDelaySeconds: 0 to 2147483647', () => expectLimit(n => Probe.exec(['true'], { initialDelaySeconds: n }), { accepted: [0, 2147483647], refused: [-1, 2147483648], error: /initialDelaySeconds/ }));
  test('probe failureThreshold: 1 to 2147483647', () => expectLimit(n => Probe.tcpSocket({ port: 80, failureThreshold: n }), { accepted: [1, 2147483647], refused: [0, 2147483648], error: /failureThreshold/ }));
  test('probe successThreshold: 1 to 2147483647', () => expectLimit(n => Probe.tcpSocket({ port: 80, successThreshold: n }), { accepted: [1, 2147483647], refused: [0, 2147483648], error: /successThreshold/ }));
});

describe('scheduling weights', () => {
  const term = { matchLabels: { app: 'cache' }, topology: kplus.Topology.HOSTNAME };
  test('node affinity preferred weight: 1 to 100', () => expectLimit(n => daemon({ nodeAffinity: { preferred: [{ weight: n, term: NodeSelectorTerm.of(NodeSelectorRequirement.exists('disktype')) }] } }),
    { accepted: [1, 100], refused: [0, 101, 1.5], error: /nodeAffinity\.preferred\[0\]\.weight = .*must be an integer from 1 to 100/ }));
  test('pod affinity preferred weight: 1 to 100', () => expectLimit(n => daemon({ podAffinity: { preferred: [{ weight: n, term }] } }),
    { accepted: [1, 100], refused: [0, 101, 1.5], error: /podAffinity\.preferred\[0\]\.weight = .*must be an integer from 1 to 100/ }));
  test('pod anti-affinity preferred weight: 1 to 100', () => expectLimit(n => daemon({ podAntiAffinity: { preferred: [{ weight: n, term }] } }),
    { accepted: [1, 100], refused: [0, 101, 1.5], error: /podAntiAffinity\.preferred\[0\]\.weight = .*must be an integer from 1 to 100/ }));
});

describe('DNS and volumes', () => {
  const servers = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}`);
  test('dnsConfig.nameservers: at most 3 (with dnsPolicy None, at least 1)', () => {
    expectLimit(n => daemon({ dnsConfig: { nameservers: servers(n) } }), { accepted: [0, 3], refused: [4], error: /dnsConfig\.nameservers = .*lists 4 name servers; at most 3 are allowed/ });
    expectLimit(n => daemon({ dnsPolicy: kplus.DnsPolicy.NONE, dnsConfig: { nameservers: servers(n) } }), { accepted: [1, 3], refused: [0], error: /dnsPolicy = 'None': gives the pods no DNS at all/ });
  });
  test('dnsConfig.searches: at most 32', () => expectLimit(n => daemon({ dnsConfig: { searches: Array.from({ length: n }, (_, i) => `d${i}.example.com`) } }),
    { accepted: [0, 32], refused: [33], error: /dnsConfig\.searches = 33: lists more than 32 search domains/ }));
  // search domains of up to 253 characters (labels of 62, dots between), spaces between them: the last one shortened to reach the length
  const domain = (length: number) => {
    const text = `${'a'.repeat(62)}.`.repeat(5).slice(0, length);
    return text.endsWith('.') ? `${text.slice(0, -1)}a` : text;
  };
  const searchList = (length: number) => {
    const n = Math.ceil((length + 1) / 254);
    return Array.from({ length: n }, (_, i) => domain(i < n - 1 ? 253 : 253 - (254 * n - 1 - length)));
  };
  test('dnsConfig.searches: at most 2048 characters in all, spaces included', () => expectLimit(n => {
    expect(searchList(n).join(' ')).toHaveLength(n);
    daemon({ dnsConfig: { searches: searchList(n) } });
  }, { accepted: [63, 2048], refused: [2049], error: /dnsConfig\.searches = '2049 characters': has 2049 characters \(spaces between domains included\), above the API server's limit of 2048/ }));
  test('an emptyDir\'s sizeLimit: 0 and up', () => expectLimit(q => daemon({ emptyDirs: [{ name: 'cache', mountPath: '/cache', sizeLimit: q }] }),
    { accepted: ['0', '1Ki', '1Ei'], refused: ['-1', '-1n'], error: /emptyDirs\[0\]\.sizeLimit = .*is not a non-negative Kubernetes quantity/ }));
});

describe('container identity', () => {
  test('securityContext.runAsUser: 0 to 2147483647', () => expectLimit(n => daemon({ securityContext: { runAsUser: n, runAsNonRoot: n !== 0 } }),
    { accepted: [0, 2147483647], refused: [-1, 2147483648, 1.5], error: /securityContext\.runAsUser = .*must be an integer from 0 to 2147483647/ }));
  test('securityContext.runAsGroup: 0 to 2147483647', () => expectLimit(n => daemon({ securityContext: { runAsGroup: n } }),
    { accepted: [0, 2147483647], refused: [-1, 2147483648, 1.5], error: /securityContext\.runAsGroup = .*must be an integer from 0 to 2147483647/ }));
  test('capabilities: bare upper-case names, no CAP_ prefix', () => expectLimit(c => daemon({ securityContext: { capabilities: [c] } }),
    { accepted: ['NET_ADMIN', 'A', 'SYS_9'], refused: ['net_admin', '9A', 'NET-ADMIN', 'NET_ADMIN ', 'CAP_NET_ADMIN', 'cap_sys_time'], error: /securityContext\.capabilities\[0\] = .*(is not a Linux capability name|without the CAP_ prefix)/ }));
  test('a CAP_ prefix: the fix names the bare, upper-case capability', () => {
    expect(() => daemon({ securityContext: { capabilities: ['cap_sys_time'] } })).toThrow(/capabilities\[0\] = 'cap_sys_time': must be given without the CAP_ prefix .*Fix: write 'SYS_TIME'$/);
  });
});

describe('rolling updates', () => {
  const rolling = (maxUnavailable: kplus.PercentOrAbsolute) => daemon({ updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable }) });
  test('maxUnavailable as a percentage: 1% to 100%', () => expectLimit(n => rolling(kplus.PercentOrAbsolute.percent(n)), { accepted: [1, 100], refused: [0, 101], error: /maxUnavailable/ }));
  test('maxUnavailable as a count: 1 and up', () => expectLimit(n => rolling(kplus.PercentOrAbsolute.absolute(n)), { accepted: [1, 1000], refused: [0], error: /maxUnavailable/ }));
  test('absent type is RollingUpdate (Kubernetes\' default): the surge-deadlock rule still fires', () => {
    const ds = daemonSetManifest({ rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      { hostNetwork: true, containers: [{ name: 'x', image: 'x:1', ports: [{ containerPort: 9100 }] }] });
    expect(checkManifests([{ file: 'f', object: ds }], ClusterInventory.sample()).map(f => f.rule)).toContain('surge-deadlock');
  });
});

describe('rolling updates: surge', () => {
  const surge = (maxSurge: kplus.PercentOrAbsolute) => daemon({
    updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge, maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
  });
  test('maxSurge as a percentage: 1% to 100%', () => expectLimit(n => surge(kplus.PercentOrAbsolute.percent(n)), { accepted: [1, 100], refused: [0, 101], error: /maxSurge|both/ }));
  test('maxSurge as a count: 1 and up', () => expectLimit(n => surge(kplus.PercentOrAbsolute.absolute(n)), { accepted: [1, 1000], refused: [0], error: /maxSurge|both/ }));
});

describe('labels and annotations', () => {
  test('a label value: at most 63 characters', () => expectLimit(n => daemon({ labels: { team: 'a'.repeat(n) } }), { accepted: [0, 63], refused: [64], error: /63/ }));
  test('a label key\'s name: at most 63 characters', () => expectLimit(n => daemon({ labels: { ['k'.repeat(n)]: 'v' } }), { accepted: [1, 63], refused: [64], error: /label key/ }));
  test('a label key\'s prefix: a DNS subdomain of at most 253 characters', () => {
    const prefix = (n: number) => `${'a'.repeat(n - 4)}.com`;
    expectLimit(n => daemon({ labels: { [`${prefix(n)}/team`]: 'v' } }), { accepted: [5, 253], refused: [254], error: /label key/ });
  });
  // the total of keys and values (TotalAnnotationSizeLimitB): 'note' is 4 characters
  test('pod annotations: at most 256 KiB in all', () => expectLimit(n => daemon({ podAnnotations: { note: 'x'.repeat(n - 4) } }), { accepted: [5, 262144], refused: [262145], error: /256 KiB/ }));
  test('namespace annotations: at most 256 KiB in all', () => expectLimit(n => new DaemonNamespace(Testing.chart(), 'ns', { annotations: { note: 'x'.repeat(n - 4) } }), { accepted: [5, 262144], refused: [262145], error: /256 KiB/ }));
});

describe('log collector grace period', () => {
  // Fluent Bit's Grace: the pod's grace period less 5 s for the kubelet to send SIGKILL after, never below 1
  const grace = (terminationGracePeriodSeconds: number) => {
    const chart = Testing.chart();
    new LogCollector(new DaemonNamespace(chart, 'logging'), 'logs', { terminationGracePeriodSeconds });
    const config = Testing.synth(chart).find(o => o.kind === 'ConfigMap');
    return /^\s*Grace\s+(\S+)$/m.exec(Object.values(config.data).join('\n'))?.[1];
  };
  test('Grace is the grace period less 5, and at least 1', () => {
    expect([0, 5, 6, 7, 30].map(grace)).toEqual(['1', '1', '1', '2', '25']);
  });
});

/** A DaemonSet as YAML gives it to `check`: `x` in `ns`, with this update strategy and pod spec. */
function daemonSetManifest(updateStrategy: any, podSpec: any = { containers: [{ name: 'x', image: 'x:1' }] }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x', namespace: 'ns' },
    spec: { selector: { matchLabels: { app: 'x' } }, updateStrategy, template: { metadata: { labels: { app: 'x' } }, spec: podSpec } },
  };
}

/** What `check` finds the API server refusing in the rolling update of a DaemonSet written with `rollingUpdate`. */
function rollingUpdateRefusals(rollingUpdate: any): string[] {
  return checkManifests([{ file: 'f', object: daemonSetManifest({ type: 'RollingUpdate', rollingUpdate }) }], ClusterInventory.sample())
    .filter(f => f.rule === 'api-refused' && /rollingUpdate/.test(f.field)).map(f => f.problem);
}

describe('int-or-percent values in YAML, as the API server reads them (check)', () => {
  const refused = rollingUpdateRefusals;
  test('a percentage is digits and %: 0% to 100%, leading zeros allowed', () => {
    for (const ok of ['1%', '100%', '007%']) { expect({ ok, problems: refused({ maxUnavailable: ok, maxSurge: 0 }) }).toEqual({ ok, problems: [] }); }
    for (const bad of ['101%', '1.0%', '-0%', '+5%', '5%x', 'x5%', '5', '%']) {
      expect({ bad, problems: refused({ maxUnavailable: bad, maxSurge: 0 }) }).toEqual({ bad, problems: [expect.stringMatching(/whole percentage from 0% to 100%|whole number/)] });
    }
  });
  test('\'00%\' is zero: with maxSurge 0 both are zero (refused); with maxSurge 1 it is the surge-only form', () => {
    expect(refused({ maxUnavailable: '00%', maxSurge: 0 })).toEqual([expect.stringMatching(/both maxUnavailable and maxSurge zero/)]);
    expect(refused({ maxUnavailable: '00%', maxSurge: 1 })).toEqual([]);
    expect(refused({ maxUnavailable: 0, maxSurge: '000%' })).toEqual([expect.stringMatching(/both maxUnavailable and maxSurge zero/)]);
  });
});

describe('log collector memory', () => {
  const collector = (bufferMemory: string) => new LogCollector(new DaemonNamespace(Testing.chart(), 'logging'), 'logs', { bufferMemory, resources: { memoryLimit: '200Mi', memoryRequest: '200Mi' } });
  test('bufferMemory: one chunk (2Mi) up to half the memory limit', () => expectLimit(collector, { accepted: ['2Mi', '100Mi'], refused: ['2047Ki', '101Mi'], error: /bufferMemory/ }));
  test('the OpenTelemetry engine\'s memory limit: 2.5 MiB and up (memory_limiter\'s limit above its spike limit)', () => expectLimit(memoryLimit => new LogCollector(new DaemonNamespace(Testing.chart(), 'logging'), 'logs', {
    engine: LogEngine.openTelemetry(), resources: { memoryLimit, memoryRequest: '1Mi' },
  }), { accepted: ['2560Ki', '64Gi'], refused: ['2559Ki', '1Mi'], error: /resources\.memoryLimit = .*gives memory_limiter a limit of [01] MiB \(80% of it\), not above its spike limit of 1 MiB/ }));
});

describe('Kubernetes defaults the rules rely on, with the field absent', () => {
  test('a port without protocol is TCP: it clashes with a TCP host port, not with UDP', () => {
    const ds = (name: string, protocol?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'ns' },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x:1', ports: [{ containerPort: 53, hostPort: 53, ...(protocol ? { protocol } : {}) }] }] } },
      },
    });
    const clashes = (b: any) => checkManifests([{ file: 'a', object: ds('a') }, { file: 'b', object: b }], ClusterInventory.sample()).filter(f => f.rule === 'host-port-clash').length;
    expect(clashes(ds('b', 'TCP'))).toBeGreaterThan(0);
    expect(clashes(ds('b'))).toBeGreaterThan(0);
    expect(clashes(ds('b', 'UDP'))).toBe(0);
  });

  test('a rollingUpdate without maxUnavailable has 1 (Kubernetes\' default): with maxSurge, both are non-zero, which the API server refuses', () => {
    const refusals = (ru: any) => rollingUpdateRefusals(ru).length;
    expect(refusals({ maxSurge: 1 })).toBeGreaterThan(0);
    expect(refusals({ maxSurge: 1, maxUnavailable: 0 })).toBe(0);
    expect(refusals({})).toBe(0); // maxUnavailable 1, maxSurge 0
  });

  test('a toleration without effect tolerates every effect', () => {
    const spec = { containers: [{ name: 'x', image: 'x:1' }], tolerations: [{ key: 'dedicated', operator: 'Exists' }] };
    for (const effect of ['NoSchedule', 'NoExecute', 'PreferNoSchedule']) {
      expect(Placement.evaluate(spec, { metadata: { name: 'n' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect }] } }).shouldRun).toBe(true);
    }
    const withEffect = { ...spec, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] };
    expect(Placement.evaluate(withEffect, { metadata: { name: 'n' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] } }).shouldRun).toBe(false);
  });

  test('a pod without priorityClassName has priority 0 and may preempt (PreemptLowerPriority), unless a class is the global default', () => {
    expect(priorityResolver([])({})).toEqual({ value: 0, preemptionPolicy: 'PreemptLowerPriority', className: undefined });
    const globalDefault = { metadata: { name: 'normal' }, value: 1000, globalDefault: true };
    expect(priorityResolver([globalDefault])({})).toEqual({ value: 1000, preemptionPolicy: 'PreemptLowerPriority', className: 'normal' });
    expect(priorityResolver([{ ...globalDefault, preemptionPolicy: 'Never' }])({})).toEqual({ value: 1000, preemptionPolicy: 'Never', className: 'normal' });
  });

  test('a toleration without operator is Equal: it tolerates only its value', () => {
    const spec = (toleration: any) => ({ containers: [{ name: 'x', image: 'x:1' }], tolerations: [toleration] });
    const node = { metadata: { name: 'n' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } };
    expect(Placement.evaluate(spec({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }), node).shouldRun).toBe(true);
    expect(Placement.evaluate(spec({ key: 'dedicated', value: 'db', effect: 'NoSchedule' }), node).shouldRun).toBe(false);
  });
});
