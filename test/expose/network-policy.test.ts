/**
 * restrictIngress (issue 5, item 3): a cdk8s-plus NetworkPolicy that lets only the given peers reach
 * the daemon, and only on the exposed ports, as the node-exporter chart does.
 */
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DaemonNamespace, NodeDaemon, NodeDaemonProps } from '../../src';
import { DAEMON_LABELS, DAEMON_SELECTOR, daemonError, IMAGE } from '../scheduling/helpers';

const LABELS = DAEMON_LABELS;
const SELECTOR = DAEMON_SELECTOR;

const HTTP = { name: 'http', number: 80 };
const METRICS = { name: 'metrics', number: 9100 };
const TCP = (port: number) => ({ port, protocol: 'TCP' });

function daemonIn(props: Partial<NodeDaemonProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; daemon: NodeDaemon } {
  const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ...props });
  return { chart, daemon };
}

function appWithChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test') };
}

const policiesOf = (manifests: any[]): any[] => manifests.filter(m => m.kind === 'NetworkPolicy');
const policyOf = (manifests: any[]): any => {
  const found = policiesOf(manifests);
  expect(found).toHaveLength(1);
  return found[0];
};

/** The ports allowed by the (only) ingress rule of the daemon's NetworkPolicy. */
const allowedPorts = (chart: Chart): any[] => {
  const rules = policyOf(Testing.synth(chart)).spec.ingress;
  expect(rules).toHaveLength(1);
  return rules[0].ports;
};

describe('the NetworkPolicy', () => {
  test('selects the daemon, allows only the peers on the exposed ports, ingress only', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP, METRICS] });
    daemon.exposeViaService({ ports: ['metrics'] });

    // WHEN
    const returned = daemon.restrictIngress({ peers: [kplus.Pods.select(chart, 'Prometheus', { labels: { 'app.kubernetes.io/name': 'prometheus' } })] });
    const manifests = Testing.synth(chart);

    // THEN
    expect(policyOf(manifests)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'daemon', labels: LABELS },
      spec: {
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
          ports: [TCP(9100)],
        }],
      },
    });
    expect(returned).toBe(daemon.networkPolicy);
    expect(returned).toBeInstanceOf(kplus.NetworkPolicy);
    expect(daemon.node.tryFindChild('NetworkPolicy')).toBe(returned);
  });

  test('the node-exporter chart\'s policy: the monitoring namespace may scrape port 9100', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'Monitoring');
    const exporter = new NodeDaemon(ns, 'NodeExporter', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });
    exporter.exposeViaService();

    // WHEN
    exporter.restrictIngress({ peers: [kplus.Namespaces.select(chart, 'Scrapers', { names: ['monitoring'] })] });

    // THEN
    expect(policyOf(Testing.synth(chart))).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'node-exporter',
        namespace: 'monitoring',
        labels: {
          'app.kubernetes.io/component': 'node-daemon',
          'app.kubernetes.io/instance': 'node-exporter',
          'app.kubernetes.io/managed-by': 'cdk8s-daemons',
          'app.kubernetes.io/name': 'node-exporter',
          'app.kubernetes.io/part-of': 'node-exporter',
          'app.kubernetes.io/version': 'v1.6.1',
        },
      },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'node-exporter', 'app.kubernetes.io/name': 'node-exporter' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} }],
          ports: [TCP(9100)],
        }],
      },
    });
  });

  test('one ingress rule per peer, each with the same ports', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    const web = new kplus.Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.25.3', portNumber: 8080 }] });
    const other = new NodeDaemon(chart, 'Other', { image: IMAGE, namespace: 'agents' });

    // WHEN
    daemon.restrictIngress({
      peers: [
        kplus.Pods.select(chart, 'Debug', { labels: { role: 'debug' }, namespaces: kplus.Namespaces.select(chart, 'Tools', { names: ['tools'] }) }),
        kplus.NetworkPolicyIpBlock.ipv4(chart, 'Nodes', '10.0.0.0/16'),
        web,
        other,
      ],
    });

    // THEN
    const ingress = policyOf(Testing.synth(chart)).spec.ingress;
    expect(ingress.map((r: any) => r.from)).toEqual([
      [{ podSelector: { matchLabels: { role: 'debug' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } }],
      [{ ipBlock: { cidr: '10.0.0.0/16' } }],
      [{ podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': web.matchLabels['cdk8s.io/metadata.addr'] } } }],
      [{
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'other', 'app.kubernetes.io/name': 'other' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } },
      }],
    ]);
    for (const rule of ingress) { expect(rule.ports).toEqual([TCP(80)]); }
  });

  test('an IPv6 block and an ipBlock with exceptions', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.restrictIngress({
      peers: [
        kplus.NetworkPolicyIpBlock.ipv4(chart, 'Lan', '192.168.0.0/16', ['192.168.1.0/24']),
        kplus.NetworkPolicyIpBlock.ipv6(chart, 'Lan6', 'fd00::/8'),
      ],
    });
    expect(policyOf(Testing.synth(chart)).spec.ingress.map((r: any) => r.from)).toEqual([
      [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] } }],
      [{ ipBlock: { cidr: 'fd00::/8' } }],
    ]);
  });

  test('the namespace follows the daemon (prop, DaemonNamespace, chart)', () => {
    const withProp = daemonIn({ ports: [HTTP], namespace: 'edge' });
    withProp.daemon.restrictIngress({ peers: [kplus.Pods.all(withProp.chart, 'All')] });
    expect(policyOf(Testing.synth(withProp.chart)).metadata.namespace).toBe('edge');

    const chart = new Chart(Testing.app(), 'test', { namespace: 'observability' });
    const inChart = daemonIn({ ports: [HTTP] }, chart);
    inChart.daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
    expect(policyOf(Testing.synth(chart)).metadata.namespace).toBe('observability');
  });

  test('carries the daemon\'s annotations', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP], annotations: { 'example.com/owner': 'platform' } });
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
    expect(policyOf(Testing.synth(chart)).metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
  });

  test('a host-port daemon may be restricted (the policy applies to the pod port behind the host port)', () => {
    const { chart, daemon } = daemonIn({ ports: [{ name: 'http', number: 80, hostPort: 8010 }] });
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
    expect(allowedPorts(chart)).toEqual([TCP(80)]);
  });
});

describe('the ports it allows', () => {
  test('by default the ports of the Services (both, without duplicates)', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP, METRICS, { name: 'admin', number: 8081 }] });
    daemon.exposeViaService({ ports: ['http'] });
    daemon.exposeViaHeadlessService({ ports: ['metrics', 'http'] });

    // WHEN
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

    // THEN (in declaration order, admin not exposed so not allowed)
    expect(allowedPorts(chart)).toEqual([TCP(80), TCP(9100)]);
  });

  test('without Services, every declared port (of every container)', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({
      ports: [HTTP, METRICS],
      containers: [{ name: 'sidecar', image: 'example.com/sidecar:1.0', ports: [{ name: 'admin', number: 8081 }] }],
    });

    // WHEN
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

    // THEN
    expect(allowedPorts(chart)).toEqual([TCP(80), TCP(9100), TCP(8081)]);
  });

  test('explicit ports, by name', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP, METRICS] });
    daemon.exposeViaService();

    // WHEN
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')], ports: ['metrics'] });

    // THEN
    expect(allowedPorts(chart)).toEqual([TCP(9100)]);
  });

  test('the UDP protocol is carried', () => {
    const { chart, daemon } = daemonIn({ ports: [{ name: 'dns', number: 53, protocol: kplus.Protocol.UDP }, { name: 'dns-tcp', number: 53 }] });
    daemon.exposeViaService();
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
    expect(allowedPorts(chart)).toEqual([{ port: 53, protocol: 'UDP' }, TCP(53)]);
  });

  test('ports added after restrictIngress with explicit ports are fine (they stay blocked, as asked)', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
    daemon.exposeViaService();
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')], ports: ['http'] });

    // WHEN
    daemon.addPort(METRICS);

    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(allowedPorts(chart)).toEqual([TCP(80)]);
  });
});

describe('errors', () => {
  test('a hostNetwork daemon: network policies do not apply to host-network pods', () => {
    const { chart, daemon } = daemonIn({ hostNetwork: true, ports: [METRICS] });
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] }))
      .toThrow(daemonError('restrictIngress', '\'daemon\'', 'cannot protect a hostNetwork daemon'));
    expect(daemon.networkPolicy).toBeUndefined();
  });

  test('an empty from would deny every connection', () => {
    const { daemon } = daemonIn({ ports: [HTTP] });
    expect(() => daemon.restrictIngress({ peers: [] })).toThrow(daemonError('restrictIngress.peers', '[]', 'lists no peer, which would deny every connection'));
  });

  test('a port name naming no container port', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')], ports: ['http', 'metric'] }))
      .toThrow(daemonError('restrictIngress.ports[1]', '\'metric\'', 'names no container port of the daemon'));
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All2')], ports: ['metric'] }))
      .toThrow(/Fix: use one of the declared port names \(http\)/);
  });

  test('no ports at all: the daemon declares none', () => {
    const { chart, daemon } = daemonIn();
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] }))
      .toThrow(daemonError('restrictIngress.ports', '[]', 'the daemon declares no port to allow'));
  });

  test('an empty ports list, which Kubernetes reads as every port', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')], ports: [] }))
      .toThrow(daemonError('restrictIngress.ports', '[]', 'lists no port'));
  });

  test('called twice', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

    // THEN
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'More')] }))
      .toThrow(daemonError('restrictIngress', '["http"]', 'was already called for this daemon (its NetworkPolicy \'daemon\' allows http)'));
    expect(() => daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'More2')], ports: ['http'] }))
      .toThrow(daemonError('restrictIngress', '["http"]', 'was already called for this daemon'));
  });

  test('a failed call leaves no NetworkPolicy behind', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    expect(() => daemon.restrictIngress({ peers: [] })).toThrow();
    expect(daemon.networkPolicy).toBeUndefined();
    expect(policiesOf(Testing.synth(chart))).toEqual([]);
  });

  describe('deferred: a port exposed after restrictIngress (without explicit ports) would be silently blocked', () => {
    test('a port added after restrictIngress and exposed by the Service', () => {
      // GIVEN
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
      daemon.exposeViaService();
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

      // WHEN
      daemon.addPort(METRICS);

      // THEN
      expect(() => app.synth()).toThrow(daemonError('restrictIngress', '["metrics"]', 'the NetworkPolicy allows only \'http\', but the Services also expose \'metrics\''));
      expect(() => app.synth()).toThrow(/Fix: call restrictIngress after exposing and declaring every port, or list the ports it allows with its ports option/);
      expect(() => Testing.synth(chart)).toThrow(daemonError('restrictIngress', '["metrics"]', 'the NetworkPolicy allows only'));
    });

    test('a Service exposed after restrictIngress', () => {
      // GIVEN
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP, METRICS] });
      daemon.exposeViaService({ ports: ['http'] });
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

      // WHEN
      daemon.exposeViaHeadlessService({ ports: ['metrics'] });

      // THEN
      expect(() => app.synth()).toThrow(daemonError('restrictIngress', '["metrics"]', 'the NetworkPolicy allows only \'http\', but the Services also expose \'metrics\''));
    });

    test('a port added after restrictIngress on a daemon without Services (whose default is every declared port)', () => {
      // GIVEN
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });

      // WHEN
      daemon.addContainer({ name: 'sidecar', image: 'example.com/sidecar:1.0', ports: [{ name: 'admin', number: 8081 }] });

      // THEN
      expect(() => app.synth()).toThrow(daemonError('restrictIngress', '["admin"]', 'the NetworkPolicy allows only \'http\', but the daemon also declares \'admin\''));
    });

    test('a Service exposing only allowed ports after restrictIngress is fine', () => {
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP, METRICS] });
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
      daemon.exposeViaService({ ports: ['metrics'] });
      expect(() => app.synth()).not.toThrow();
      expect(allowedPorts(chart)).toEqual([TCP(80), TCP(9100)]);
    });

    test('a port added after restrictIngress that no Service exposes is fine', () => {
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
      daemon.exposeViaService({ ports: ['http'] });
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
      daemon.addPort(METRICS);
      expect(() => app.synth()).not.toThrow();
    });

    test('explicit ports never trigger it', () => {
      // GIVEN
      const { app, chart } = appWithChart();
      const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
      daemon.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')], ports: ['http'] });

      // WHEN
      daemon.exposeViaService();
      daemon.addPort(METRICS);

      // THEN
      expect(() => app.synth()).not.toThrow();
    });
  });
});
