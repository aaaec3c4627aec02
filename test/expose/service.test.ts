/**
 * Reaching daemon pods (issue 5): the four patterns (push, host port, headless DNS, ClusterIP/NodePort
 * Service) and node-local routing, each with the YAML it yields, and every error of
 * exposeViaService / exposeViaHeadlessService.
 */
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, ExternalTrafficPolicy, InternalTrafficPolicy, NodeDaemon, NodeDaemonProps, PodSecurityLevel } from '../../src';
import { DAEMON_LABELS, DAEMON_SELECTOR, daemonError, IMAGE, inputError, podSpecOf } from '../scheduling/helpers';

const LABELS = DAEMON_LABELS;

const SELECTOR = DAEMON_SELECTOR;

const HTTP = { name: 'http', number: 80 };
const METRICS = { name: 'metrics', number: 9100 };

/** A daemon (id `Daemon`, so name `daemon`) in a fresh test chart. */
function daemonIn(props: Partial<NodeDaemonProps> = {}): { chart: Chart; daemon: NodeDaemon } {
  const chart = Testing.chart();
  const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ...props });
  return { chart, daemon };
}

/** A chart in an app, for tests that need `app.synth()` (which runs construct validations). */
function appWithChart(props: { namespace?: string } = {}): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', props) };
}

const kindsOf = (manifests: any[]): string[] => manifests.map(m => m.kind);
const servicesOf = (manifests: any[]): any[] => manifests.filter(m => m.kind === 'Service');
const serviceNamed = (manifests: any[], name: string): any => {
  const found = servicesOf(manifests).filter(s => s.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the push pattern (nothing exposed)', () => {
  test('yields only the ServiceAccount and the DaemonSet, with no ports and no host access', () => {
    // GIVEN
    const { chart, daemon } = daemonIn();

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    expect(kindsOf(manifests)).toEqual(['ServiceAccount', 'DaemonSet']);
    const pod = podSpecOf(manifests);
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].ports).toBeUndefined();
    expect(pod.hostNetwork).toBeUndefined();
    expect(daemon.service).toBeUndefined();
    expect(daemon.headlessService).toBeUndefined();
    expect(daemon.networkPolicy).toBeUndefined();
    expect(daemon.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });
});

describe('the host-port pattern', () => {
  test('writes containerPort and hostPort, and no Service: clients call <node IP>:8010', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [{ name: 'http', number: 80, hostPort: 8010 }] });

    // WHEN
    const manifests = Testing.synth(chart);

    // THEN
    expect(kindsOf(manifests)).toEqual(['ServiceAccount', 'DaemonSet']);
    expect(podSpecOf(manifests).containers[0].ports).toEqual([
      { name: 'http', containerPort: 80, hostPort: 8010, protocol: 'TCP' },
    ]);
    expect(podSpecOf(manifests).hostNetwork).toBeUndefined();
    expect(daemon.service).toBeUndefined();
  });

  test('is privileged by the Pod Security Standards: baseline forbids any non-zero hostPort', () => {
    // GIVEN
    const { daemon } = daemonIn({ ports: [{ name: 'http', number: 80, hostPort: 8010 }] });

    // THEN
    expect(daemon.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(daemon.podSecurityViolations).toContainEqual(expect.objectContaining({ level: 'baseline', check: 'hostPorts' }));
  });

  test('a DaemonNamespace holding a host-port daemon enforces privileged', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'Edge');
    new NodeDaemon(ns, 'Daemon', { image: IMAGE, ports: [{ name: 'http', number: 80, hostPort: 8010 }] });

    // WHEN
    const namespace = Testing.synth(chart).find(m => m.kind === 'Namespace');

    // THEN
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('a plain container port keeps the daemon restricted', () => {
    const { daemon } = daemonIn({ ports: [HTTP] });
    expect(daemon.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });
});

describe('the headless Service pattern (DNS names every daemon pod)', () => {
  test('clusterIP None, named <name>-headless, selecting the selector labels, ports by name', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });

    // WHEN
    const returned = daemon.exposeViaHeadlessService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(kindsOf(manifests)).toEqual(['ServiceAccount', 'DaemonSet', 'Service']);
    expect(serviceNamed(manifests, 'daemon-headless')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'daemon-headless', labels: LABELS },
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        selector: SELECTOR,
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    });
    expect(returned).toBe(daemon.headlessService);
    expect(returned.node.id).toBe('HeadlessService');
    expect(daemon.service).toBeUndefined();
  });

  test('writes no internalTrafficPolicy: clients resolve and call pod IPs themselves', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaHeadlessService();
    expect(serviceNamed(Testing.synth(chart), 'daemon-headless').spec.internalTrafficPolicy).toBeUndefined();
  });

  test('a given name replaces <name>-headless', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaHeadlessService({ name: 'daemon-pods' });
    expect(servicesOf(Testing.synth(chart)).map(s => s.metadata.name)).toEqual(['daemon-pods']);
  });
});

describe('the ClusterIP and NodePort Service pattern', () => {
  test('ClusterIP by default, named like the daemon, internalTrafficPolicy Cluster written out', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });

    // WHEN
    const returned = daemon.exposeViaService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(kindsOf(manifests)).toEqual(['ServiceAccount', 'DaemonSet', 'Service']);
    expect(serviceNamed(manifests, 'daemon')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'daemon', labels: LABELS },
      spec: {
        type: 'ClusterIP',
        selector: SELECTOR,
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
        internalTrafficPolicy: 'Cluster',
      },
    });
    expect(returned).toBe(daemon.service);
    expect(returned.node.id).toBe('Service');
    expect(daemon.headlessService).toBeUndefined();
  });

  test('the nginx tutorial\'s nginx-np: NodePort with the explicit nodePort 30010', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NodeDaemon(chart, 'Nginx', { image: 'nginx:1.25.3', ports: [HTTP] });

    // WHEN
    nginx.exposeViaService({ name: 'nginx-np', type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010 } });

    // THEN
    expect(serviceNamed(Testing.synth(chart), 'nginx-np')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'nginx-np',
        labels: {
          'app.kubernetes.io/component': 'node-daemon',
          'app.kubernetes.io/instance': 'nginx',
          'app.kubernetes.io/managed-by': 'cdk8s-daemons',
          'app.kubernetes.io/name': 'nginx',
          'app.kubernetes.io/part-of': 'nginx',
          'app.kubernetes.io/version': '1.25.3',
        },
      },
      spec: {
        type: 'NodePort',
        selector: { 'app.kubernetes.io/instance': 'nginx', 'app.kubernetes.io/name': 'nginx' },
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30010 }],
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: 'Cluster',
      },
    });
  });

  test('NodePort without nodePorts leaves the node port to the API server', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT });
    const spec = serviceNamed(Testing.synth(chart), 'daemon').spec;
    expect(spec.type).toBe('NodePort');
    expect(spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('the node port range ends are accepted (30000 and 32767)', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP, METRICS] });
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30000, metrics: 32767 } });
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.ports.map((p: any) => p.nodePort)).toEqual([30000, 32767]);
  });

  test('LoadBalancer takes nodePorts too', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService({ type: kplus.ServiceType.LOAD_BALANCER, nodePorts: { http: 30080 } });
    const spec = serviceNamed(Testing.synth(chart), 'daemon').spec;
    expect(spec.type).toBe('LoadBalancer');
    expect(spec.ports[0].nodePort).toBe(30080);
  });
});

describe('node-local routing', () => {
  test('internalTrafficPolicy Local: each client talks to the daemon pod on its own node', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });

    // WHEN
    daemon.exposeViaService({ internalTrafficPolicy: InternalTrafficPolicy.LOCAL });

    // THEN
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec).toEqual({
      type: 'ClusterIP',
      selector: SELECTOR,
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      internalTrafficPolicy: 'Local',
    });
  });

  test('combines with NodePort', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, internalTrafficPolicy: InternalTrafficPolicy.LOCAL });
    const spec = serviceNamed(Testing.synth(chart), 'daemon').spec;
    expect([spec.type, spec.internalTrafficPolicy]).toEqual(['NodePort', 'Local']);
  });
});

describe('both Services on one daemon', () => {
  test('each a Service of its own, with fixed construct ids Service and HeadlessService', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });

    // WHEN
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010 } });
    daemon.exposeViaHeadlessService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(servicesOf(manifests).map(s => s.metadata.name)).toEqual(['daemon', 'daemon-headless']);
    expect(serviceNamed(manifests, 'daemon').spec.clusterIP).toBeUndefined();
    expect(serviceNamed(manifests, 'daemon-headless').spec.clusterIP).toBe('None');
    expect(daemon.node.tryFindChild('Service')).toBe(daemon.service);
    expect(daemon.node.tryFindChild('HeadlessService')).toBe(daemon.headlessService);
    expect(daemon.service).not.toBe(daemon.headlessService);
  });

  test('the order of the calls does not matter', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaHeadlessService();
    daemon.exposeViaService();
    expect(servicesOf(Testing.synth(chart)).map(s => s.metadata.name).sort()).toEqual(['daemon', 'daemon-headless']);
  });

  test('names and construct ids stay the same when the daemon moves in the construct tree', () => {
    // GIVEN
    const expose = (scope: Construct) => {
      const daemon = new NodeDaemon(scope, 'Daemon', { image: IMAGE, ports: [HTTP] });
      daemon.exposeViaService();
      daemon.exposeViaHeadlessService();
      return daemon;
    };
    const flat = Testing.chart();
    const nested = Testing.chart();
    const flatDaemon = expose(flat);
    const nestedDaemon = expose(new Construct(new Construct(nested, 'Observability'), 'Nodes'));

    // WHEN
    const names = (chart: Chart) => servicesOf(Testing.synth(chart)).map(s => s.metadata.name);

    // THEN
    expect(names(nested)).toEqual(names(flat));
    expect(names(flat)).toEqual(['daemon', 'daemon-headless']);
    expect(servicesOf(Testing.synth(nested))).toEqual(servicesOf(Testing.synth(flat)));
    expect(nestedDaemon.service!.node.path).toBe('test/Observability/Nodes/Daemon/Service');
    expect(flatDaemon.headlessService!.node.path).toBe('test/Daemon/HeadlessService');
  });
});

describe('ports', () => {
  test('every declared port by default, of the main container and sidecars, in declaration order', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({
      ports: [HTTP, METRICS],
      containers: [{ name: 'exporter', image: 'example.com/exporter:1.0', ports: [{ name: 'exporter', number: 9200 }] }],
    });

    // WHEN
    daemon.exposeViaService();

    // THEN
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' },
      { name: 'exporter', port: 9200, targetPort: 'exporter', protocol: 'TCP' },
    ]);
  });

  test('a subset chosen by container port name', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP, METRICS] });

    // WHEN
    daemon.exposeViaService({ ports: ['metrics'] });
    daemon.exposeViaHeadlessService({ ports: ['http'] });
    const manifests = Testing.synth(chart);

    // THEN
    expect(serviceNamed(manifests, 'daemon').spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(serviceNamed(manifests, 'daemon-headless').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('ports added after exposeViaService are exposed too (the default is every port at synth)', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService();
    daemon.exposeViaHeadlessService();

    // WHEN
    daemon.addPort(METRICS);
    daemon.addContainer({ name: 'sidecar', image: 'example.com/sidecar:1.0', ports: [{ name: 'admin', number: 8081 }] });
    const manifests = Testing.synth(chart);

    // THEN
    for (const name of ['daemon', 'daemon-headless']) {
      expect(serviceNamed(manifests, name).spec.ports.map((p: any) => p.name)).toEqual(['http', 'metrics', 'admin']);
    }
  });

  test('a port named in ports may be declared after exposeViaService', () => {
    const { chart, daemon } = daemonIn();
    daemon.exposeViaService({ ports: ['metrics'] });
    daemon.addPort(METRICS);
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }]);
  });

  test('the UDP protocol is carried to the Service port', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [{ name: 'dns', number: 53, protocol: kplus.Protocol.UDP }, { name: 'dns-tcp', number: 53 }] });

    // WHEN
    daemon.exposeViaService();

    // THEN
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.ports).toEqual([
      { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp', protocol: 'TCP' },
    ]);
  });

  test('a hostNetwork daemon (as node-exporter runs) is exposed by port name like any other', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ hostNetwork: true, ports: [METRICS] });

    // WHEN
    daemon.exposeViaService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(podSpecOf(manifests).containers[0].ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
    expect(serviceNamed(manifests, 'daemon').spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }]);
  });

  test('a host port is not the Service port: the Service targets the container port', () => {
    const { chart, daemon } = daemonIn({ ports: [{ name: 'http', number: 80, hostPort: 8010 }] });
    daemon.exposeViaService();
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });
});

describe('metadata', () => {
  test('labels: the daemon\'s labels plus the Service\'s own', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP], labels: { team: 'platform' } });

    // WHEN
    daemon.exposeViaService({ labels: { 'example.com/exposure': 'internal' } });
    daemon.exposeViaHeadlessService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(serviceNamed(manifests, 'daemon').metadata.labels).toEqual({ ...LABELS, 'team': 'platform', 'example.com/exposure': 'internal' });
    expect(serviceNamed(manifests, 'daemon-headless').metadata.labels).toEqual({ ...LABELS, team: 'platform' });
  });

  test('a Service label overrides a daemon label of the same key', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP], labels: { tier: 'node' } });
    daemon.exposeViaService({ labels: { tier: 'edge' } });
    expect(serviceNamed(Testing.synth(chart), 'daemon').metadata.labels.tier).toBe('edge');
  });

  test('annotations: the daemon\'s annotations, overridden and extended by the Service\'s own', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP], annotations: { 'example.com/owner': 'platform', 'example.com/tier': 'infra' } });

    // WHEN
    daemon.exposeViaService({ annotations: { 'example.com/tier': 'edge', 'prometheus.io/scrape': 'true' } });
    daemon.exposeViaHeadlessService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(serviceNamed(manifests, 'daemon').metadata.annotations).toEqual({
      'example.com/owner': 'platform',
      'example.com/tier': 'edge',
      'prometheus.io/scrape': 'true',
    });
    expect(serviceNamed(manifests, 'daemon-headless').metadata.annotations).toEqual({ 'example.com/owner': 'platform', 'example.com/tier': 'infra' });
  });

  test('an annotation key with an uppercase prefix is accepted, as the API server accepts it', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService({ annotations: { 'Example.com/Owner': 'platform' } });
    expect(serviceNamed(Testing.synth(chart), 'daemon').metadata.annotations).toEqual({ 'Example.com/Owner': 'platform' });
  });

  test('the namespace comes from the enclosing DaemonNamespace', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'Monitoring');
    const daemon = new NodeDaemon(ns, 'Daemon', { image: IMAGE, ports: [HTTP] });

    // WHEN
    daemon.exposeViaService();
    daemon.exposeViaHeadlessService();
    const manifests = Testing.synth(chart);

    // THEN
    expect(servicesOf(manifests).map(s => s.metadata.namespace)).toEqual(['monitoring', 'monitoring']);
  });

  test('the namespace comes from the namespace prop, or the chart\'s', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP], namespace: 'edge' });
    daemon.exposeViaService();
    expect(serviceNamed(Testing.synth(chart), 'daemon').metadata.namespace).toBe('edge');

    const inChart = new Chart(Testing.app(), 'test', { namespace: 'observability' });
    new NodeDaemon(inChart, 'Daemon', { image: IMAGE, ports: [HTTP] }).exposeViaService();
    expect(serviceNamed(Testing.synth(inChart), 'daemon').metadata.namespace).toBe('observability');
  });

  test('the selector follows name and instance', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP], name: 'node-agent', instance: 'node-agent-ssd' });
    daemon.exposeViaService();
    expect(serviceNamed(Testing.synth(chart), 'node-agent').spec.selector).toEqual({
      'app.kubernetes.io/name': 'node-agent',
      'app.kubernetes.io/instance': 'node-agent-ssd',
    });
  });
});

describe('snapshot', () => {
  test('one daemon with both Services and a NetworkPolicy', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'Monitoring');
    const exporter = new NodeDaemon(ns, 'NodeExporter', {
      image: IMAGE,
      ports: [{ name: 'metrics', number: 9100 }],
      annotations: { 'example.com/owner': 'platform' },
    });

    // WHEN
    exporter.exposeViaService({ internalTrafficPolicy: InternalTrafficPolicy.LOCAL, labels: { 'example.com/exposure': 'internal' } });
    exporter.exposeViaHeadlessService();
    exporter.restrictIngress({ peers: [kplus.Namespaces.select(chart, 'Prometheus', { names: ['prometheus'] })] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

describe('errors when exposing', () => {
  const expose = (options: Parameters<NodeDaemon['exposeViaService']>[0], props: Partial<NodeDaemonProps> = {}) =>
    () => daemonIn({ ports: [HTTP], ...props }).daemon.exposeViaService(options);
  const exposeHeadless = (options: Parameters<NodeDaemon['exposeViaHeadlessService']>[0], props: Partial<NodeDaemonProps> = {}) =>
    () => daemonIn({ ports: [HTTP], ...props }).daemon.exposeViaHeadlessService(options);

  test.each([
    ['starts with a digit', '9agent'],
    ['has uppercase letters', 'Agent'],
    ['has 64 characters', 'a'.repeat(64)],
    ['has a dot', 'node.exporter'],
    ['ends with a dash', 'agent-'],
  ])('a Service name that %s is no DNS-1035 label', (_, name) => {
    expect(expose({ name })).toThrow(daemonError('exposeViaService.name', `'${name}'`, 'must be a DNS-1035 label'));
    expect(exposeHeadless({ name })).toThrow(daemonError('exposeViaHeadlessService.name', `'${name}'`, 'must be a DNS-1035 label'));
  });

  test('a 63-character name is fine', () => {
    expect(expose({ name: 'a'.repeat(63) })).not.toThrow();
  });

  test('the default name of a daemon whose name starts with a digit is no DNS-1035 label', () => {
    const thunk = () => new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, name: '9p-agent', ports: [HTTP] }).exposeViaService();
    expect(thunk).toThrow(daemonError('exposeViaService.name', '\'9p-agent\'', 'must be a DNS-1035 label'));
    expect(thunk).toThrow(/Fix: pass name: /);
  });

  test('the default headless name of a 60-character daemon is too long', () => {
    const name = 'a'.repeat(60);
    expect(exposeHeadless({}, { name })).toThrow(daemonError('exposeViaHeadlessService.name', `'${name}-headless'`, 'must be a DNS-1035 label'));
  });

  test('type ExternalName selects no pods', () => {
    expect(expose({ type: kplus.ServiceType.EXTERNAL_NAME })).toThrow(daemonError('exposeViaService.type', '\'ExternalName\'', 'is not ClusterIP, NodePort or LoadBalancer'));
  });

  test.each([
    [kplus.ServiceType.NODE_PORT, 'NodePort'],
    [kplus.ServiceType.LOAD_BALANCER, 'LoadBalancer'],
  ])('a headless Service cannot be of type %s', (type, value) => {
    expect(exposeHeadless({ type })).toThrow(daemonError('exposeViaHeadlessService.type', `'${value}'`, 'cannot be used for a headless Service'));
    expect(exposeHeadless({ type })).toThrow(/Fix: leave type out of exposeViaHeadlessService, and call exposeViaService\(\{ type: ServiceType.NODE_PORT \}\) for a second, NodePort Service/);
  });

  test('an explicit ClusterIP type on the headless Service is fine', () => {
    expect(exposeHeadless({ type: kplus.ServiceType.CLUSTER_IP })).not.toThrow();
  });

  test.each([InternalTrafficPolicy.LOCAL, InternalTrafficPolicy.CLUSTER])('internalTrafficPolicy %s on a headless Service has no effect', (policy) => {
    expect(exposeHeadless({ internalTrafficPolicy: policy })).toThrow(daemonError('exposeViaHeadlessService.internalTrafficPolicy', `'${policy}'`, 'has no effect on a headless Service'));
  });

  test('a bad label key', () => {
    expect(expose({ labels: { 'bad key': 'x' } })).toThrow(daemonError('exposeViaService.labels', '\'bad key\'', 'label key has a name part \'bad key\''));
  });

  test('a bad label value', () => {
    expect(expose({ labels: { team: 'not ok' } })).toThrow(daemonError('exposeViaService.labels[\'team\']', '\'not ok\'', 'label value must be empty or consist of'));
  });

  test.each([
    'app.kubernetes.io/name',
    'app.kubernetes.io/instance',
    'app.kubernetes.io/component',
    'app.kubernetes.io/part-of',
    'app.kubernetes.io/managed-by',
  ])('the managed label %s cannot be set on a Service', (key) => {
    expect(expose({ labels: { [key]: 'other' } })).toThrow(daemonError(`exposeViaService.labels['${key}']`, '\'other\'', 'is managed by cdk8s-daemons'));
  });

  test('other app.kubernetes.io labels may be set on a Service', () => {
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService({ labels: { 'app.kubernetes.io/version': '1.6.1' } });
    expect(serviceNamed(Testing.synth(chart), 'daemon').metadata.labels['app.kubernetes.io/version']).toBe('1.6.1');
  });

  test('a bad annotation key', () => {
    expect(expose({ annotations: { 'bad key': 'x' } })).toThrow(daemonError('exposeViaService.annotations', '\'bad key\'', 'annotation key has a name part'));
    expect(exposeHeadless({ annotations: { 'a/b/c': 'x' } })).toThrow(daemonError('exposeViaHeadlessService.annotations', '\'a/b/c\'', 'annotation key must be a qualified name'));
  });

  test('nodePorts need type NodePort', () => {
    expect(expose({ nodePorts: { http: 30010 } })).toThrow(daemonError('exposeViaService.nodePorts[\'http\']', '30010', 'needs type NodePort or LoadBalancer (the Service is ClusterIP)'));
    expect(exposeHeadless({ nodePorts: { http: 30010 } })).toThrow(daemonError('exposeViaHeadlessService.nodePorts[\'http\']', '30010', 'needs type NodePort or LoadBalancer'));
  });

  test.each([29999, 32768, 30010.5, 0, -30010])('nodePort %s is outside 30000-32767', (nodePort) => {
    expect(expose({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: nodePort } }))
      .toThrow(daemonError('exposeViaService.nodePorts[\'http\']', String(nodePort), 'must be a whole number in the node port range 30000-32767'));
  });

  test('exposeViaService called twice', () => {
    // GIVEN
    const { daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaService();

    // THEN
    expect(() => daemon.exposeViaService({ ports: ['http'] })).toThrow(daemonError('exposeViaService.id', '\'Service\'', 'is taken: the daemon already has the Service \'daemon\' with this id'));
    expect(() => daemon.exposeViaService({ name: 'other' })).toThrow(daemonError('exposeViaService.id', '\'Service\'', 'is taken'));
  });

  test('exposeViaHeadlessService called twice', () => {
    // GIVEN
    const { daemon } = daemonIn({ ports: [HTTP] });
    daemon.exposeViaHeadlessService();

    // THEN
    expect(() => daemon.exposeViaHeadlessService()).toThrow(daemonError('exposeViaHeadlessService.id', '\'HeadlessService\'', 'is taken: the daemon already has the Service \'daemon-headless\''));
  });

  test('a failed call leaves no Service behind, so a corrected call succeeds', () => {
    // GIVEN
    const { chart, daemon } = daemonIn({ ports: [HTTP] });
    expect(() => daemon.exposeViaService({ name: 'Bad' })).toThrow(/must be a DNS-1035 label/);

    // WHEN
    daemon.exposeViaService({ name: 'good' });

    // THEN
    expect(servicesOf(Testing.synth(chart)).map(s => s.metadata.name)).toEqual(['good']);
  });
});

describe('errors at synth time', () => {
  test('a Service port naming no container port', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });

    // WHEN
    daemon.exposeViaService({ ports: ['http', 'metrics'] });

    // THEN
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.ports[1]', '\'metrics\'', 'names no container port of the daemon'));
    expect(() => app.synth()).toThrow(/Fix: use one of the declared port names \(http\)/);
    expect(() => Testing.synth(chart)).toThrow(daemonError('exposeViaService.ports[1]', '\'metrics\'', 'names no container port of the daemon'));
  });

  test('a headless Service port naming no container port, on a daemon without ports', () => {
    const { app, chart } = appWithChart();
    new NodeDaemon(chart, 'Daemon', { image: IMAGE }).exposeViaHeadlessService({ ports: ['http'] });
    expect(() => app.synth()).toThrow(daemonError('exposeViaHeadlessService.ports[0]', '\'http\'', 'names no container port of the daemon'));
    expect(() => app.synth()).toThrow(/Fix: use one of the declared port names \(none: declare ports first\)/);
  });

  test('a nodePort naming a port the Service does not expose', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP, METRICS] });

    // WHEN
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, ports: ['http'], nodePorts: { metrics: 30011 } });

    // THEN
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.nodePorts', '\'metrics\'', 'names no port this Service exposes'));
  });

  test('a nodePort naming no port at all', () => {
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { htp: 30010 } });
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.nodePorts', '\'htp\'', 'names no port this Service exposes'));
    expect(() => Testing.synth(chart)).toThrow(daemonError('exposeViaService.nodePorts', '\'htp\'', 'names no port this Service exposes'));
  });

  test('a daemon with no ports exposes nothing', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.exposeViaService();

    // THEN
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.ports', '[]', 'the Service would have no port: the daemon declares none'));
    expect(() => Testing.synth(chart)).toThrow(daemonError('exposeViaService.ports', '[]', 'the Service would have no port'));
  });

  test('an empty ports list exposes nothing', () => {
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
    daemon.exposeViaHeadlessService({ ports: [] });
    expect(() => app.synth()).toThrow(daemonError('exposeViaHeadlessService.ports', '[]', 'the Service would have no port: the list is empty'));
    expect(() => app.synth()).toThrow(/Fix: leave ports out to expose every declared port/);
  });

  test('declaring the port before synth clears the error', () => {
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });
    daemon.exposeViaService({ ports: ['http'] });
    daemon.addPort(HTTP);
    expect(() => app.synth()).not.toThrow();
  });

  test('two daemons exposing Services with the same name in one namespace', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const agent = new NodeDaemon(chart, 'Agent', { image: IMAGE, ports: [HTTP] });
    const other = new NodeDaemon(chart, 'Other', { image: IMAGE, ports: [HTTP] });

    // WHEN
    agent.exposeViaService();
    other.exposeViaService({ name: 'agent' });

    // THEN
    expect(() => app.synth()).toThrow(inputError('test/Other', 'exposeViaService.name', '\'agent\'', 'makes Service \'agent\', as does \'test/Agent/Service\'; one would overwrite the other'));
    expect(() => app.synth()).toThrow(inputError('test/Agent', 'exposeViaService.name', '\'agent\'', 'makes Service \'agent\', as does \'test/Other/Service\''));
    expect(() => Testing.synth(chart)).toThrow(/makes Service 'agent', as does/);
  });

  test('a daemon\'s headless Service clashing with another daemon\'s Service', () => {
    const { app, chart } = appWithChart({ namespace: 'monitoring' });
    new NodeDaemon(chart, 'Agent', { image: IMAGE, ports: [HTTP] }).exposeViaService({ name: 'agent-headless' });
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, name: 'agent', instance: 'agent-2', ports: [HTTP] }).exposeViaHeadlessService();
    expect(() => app.synth()).toThrow(daemonError('exposeViaHeadlessService.name', '\'agent-headless\'', 'makes Service \'agent-headless\' in namespace \'monitoring\', as does \'test/Agent/Service\''));
  });

  test('a daemon Service clashing with a raw KubeService of that name in the namespace', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'monitoring', ports: [HTTP] });
    new k8s.KubeService(chart, 'Raw', { metadata: { name: 'daemon', namespace: 'monitoring' }, spec: { ports: [{ port: 80 }] } });

    // WHEN
    daemon.exposeViaService();

    // THEN
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.name', '\'daemon\'', 'makes Service \'daemon\' in namespace \'monitoring\', as does \'test/Raw\''));
  });

  test('a raw KubeService in the chart\'s namespace clashes with a daemon Service that takes the chart\'s namespace', () => {
    const { app, chart } = appWithChart({ namespace: 'monitoring' });
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] }).exposeViaService();
    new k8s.KubeService(chart, 'Raw', { metadata: { name: 'daemon' }, spec: { ports: [{ port: 80 }] } });
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.name', '\'daemon\'', 'makes Service \'daemon\' in namespace \'monitoring\', as does \'test/Raw\''));
  });

  test('a cdk8s-plus Service of the same name clashes too', () => {
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });
    daemon.exposeViaService();
    new kplus.Service(chart, 'Plus', { metadata: { name: 'daemon' }, selector: daemon, ports: [{ port: 80 }] });
    expect(() => app.synth()).toThrow(daemonError('exposeViaService.name', '\'daemon\'', 'makes Service \'daemon\', as does \'test/Plus/Resource\''));
  });

  test('the same name in different namespaces is fine', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const a = new NodeDaemon(chart, 'A', { image: IMAGE, name: 'agent', namespace: 'team-a', ports: [HTTP] });
    const b = new NodeDaemon(chart, 'B', { image: IMAGE, name: 'agent', namespace: 'team-b', ports: [HTTP] });
    new k8s.KubeService(chart, 'Raw', { metadata: { name: 'agent', namespace: 'team-c' }, spec: { ports: [{ port: 80 }] } });

    // WHEN
    a.exposeViaService();
    b.exposeViaService();
    a.exposeViaHeadlessService();
    b.exposeViaHeadlessService();

    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(servicesOf(Testing.synth(chart)).map(s => `${s.metadata.namespace}/${s.metadata.name}`).sort())
      .toEqual(['team-a/agent', 'team-a/agent-headless', 'team-b/agent', 'team-b/agent-headless', 'team-c/agent']);
  });

  test('Services in different DaemonNamespaces may share a name', () => {
    const { app, chart } = appWithChart();
    for (const id of ['TeamA', 'TeamB']) {
      new NodeDaemon(new DaemonNamespace(chart, id), 'Agent', { image: IMAGE, ports: [HTTP] }).exposeViaService();
    }
    expect(() => app.synth()).not.toThrow();
  });

  test('every problem of a Service is reported by app.synth', () => {
    // GIVEN
    const { app, chart } = appWithChart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, ports: [HTTP] });

    // WHEN
    daemon.exposeViaService({ type: kplus.ServiceType.NODE_PORT, ports: ['http', 'nope'], nodePorts: { metrics: 30011 } });

    // THEN
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toMatch(daemonError('exposeViaService.ports[1]', '\'nope\'', 'names no container port'));
    expect(message).toMatch(daemonError('exposeViaService.nodePorts', '\'metrics\'', 'names no port this Service exposes'));
  });
});

describe('externalTrafficPolicy', () => {
  test('Local keeps outside traffic on the node it arrives at, for a NodePort Service', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'Daemon', { image: 'nginx:1.25.3', ports: [HTTP] });
    d.exposeViaService({ type: kplus.ServiceType.NODE_PORT, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL });
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.externalTrafficPolicy).toBe('Local');
  });

  test('is not written for a ClusterIP Service, and is an error there', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'Daemon', { image: 'nginx:1.25.3', ports: [HTTP] });
    d.exposeViaService();
    expect(serviceNamed(Testing.synth(chart), 'daemon').spec.externalTrafficPolicy).toBeUndefined();
    const e = new NodeDaemon(chart, 'Other', { image: 'nginx:1.25.3', ports: [HTTP] });
    expect(() => e.exposeViaService({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }))
      .toThrow(inputError('test/Other', 'exposeViaService.externalTrafficPolicy', '\'Local\'', 'only applies to NodePort and LoadBalancer Services'));
  });

  test('one node port for two ports is an error', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'Daemon', { image: 'nginx:1.25.3', ports: [HTTP, { name: 'https', number: 443 }] });
    d.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010, https: 30010 } });
    expect(() => Testing.synth(chart))
      .toThrow(inputError('test/Daemon', 'exposeViaService.nodePorts[\'https\']', '30010', 'is also the node port of \'http\' for TCP'));
  });
});
