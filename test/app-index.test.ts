/**
 * App-wide checks (issue 9, item 6): duplicate objects, node ports, host ports and host paths across
 * the whole app, from one index per synth.
 */
import * as fs from 'fs';
import * as os from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DaemonNamespace, DaemonsApp, NodeDaemon, NodeSelectorRequirement, NodeSelectorTerm } from '../src';
import { IMAGE } from './scheduling/helpers';

const METRICS = [{ name: 'metrics', number: 9100 }];

describe('duplicate objects', () => {
  test('two daemons of one name in one namespace are an error at each, naming the other', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, name: 'agent', namespace: 'ops' });
    new NodeDaemon(chart, 'b', { image: IMAGE, name: 'agent', namespace: 'ops' });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/a\] daemonSetName = 'agent': makes DaemonSet 'agent' in namespace 'ops', as does 'test\/b\/DaemonSet'; one would overwrite the other when applied\. Fix: /);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/b\] name \(its ServiceAccount\) = 'agent': makes ServiceAccount 'agent' in namespace 'ops', as does 'test\/a\/ServiceAccount'/);
  });

  test('the same name in two namespaces, or for two kinds, is fine', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, name: 'agent', namespace: 'ops' });
    new NodeDaemon(chart, 'b', { image: IMAGE, name: 'agent', namespace: 'dev' });
    new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'agent', namespace: 'ops' } });

    // THEN
    expect(Testing.synth(chart).filter(m => m.kind === 'DaemonSet')).toHaveLength(2);
  });

  test('a clash with an object made outside the library is found too', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, name: 'agent', namespace: 'ops', ports: METRICS }).exposeViaService();
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'agent', namespace: 'ops' }, spec: { ports: [{ port: 80 }] } });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/a\] exposeViaService\.name = 'agent': makes Service 'agent' in namespace 'ops', as does 'test\/svc'/);
  });
});

describe('overlapping selectors', () => {
  test('two daemons of one name and instance under different DaemonSet names would claim each other\'s pods', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, name: 'agent', daemonSetName: 'agent-a' });
    new NodeDaemon(chart, 'b', { image: IMAGE, name: 'agent', daemonSetName: 'agent-b', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'agent-b') });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/a\] name \(its selector\) = \{"app\.kubernetes\.io\/instance":"agent","app\.kubernetes\.io\/name":"agent","cdk8s-daemons\.io\/variant":"default"\}: selects the pods of the DaemonSet at 'test\/b' too/);
    expect(() => Testing.synth(chart)).not.toThrow(/are selected by/);
  });

  test('an adopted selector that matches another daemon\'s pods is an error at both', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'adopted', { image: IMAGE, adoptedSelector: { tier: 'monitoring' } });
    new NodeDaemon(chart, 'other', { image: IMAGE, podLabels: { tier: 'monitoring' } });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/adopted\] adoptedSelector = \{"tier":"monitoring"\}: selects the pods of the DaemonSet at 'test\/other' too/);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/other\] podLabels = .*: are selected by the DaemonSet at 'test\/adopted' \(\{"tier":"monitoring"\}\) too/);
  });

  test('the same labels in another namespace, or another instance, are fine', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'adopted', { image: IMAGE, namespace: 'a', adoptedSelector: { tier: 'monitoring' } });
    new NodeDaemon(chart, 'other', { image: IMAGE, namespace: 'b', podLabels: { tier: 'monitoring' } });
    new NodeDaemon(chart, 'x1', { image: IMAGE, name: 'agent', instance: 'one', daemonSetName: 'agent-one' });
    new NodeDaemon(chart, 'x2', { image: IMAGE, name: 'agent', instance: 'two', daemonSetName: 'agent-two', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'agent-two') });

    // THEN
    expect(Testing.synth(chart).filter(m => m.kind === 'DaemonSet')).toHaveLength(4);
  });
});

describe('node ports', () => {
  test('the same node port on two Services is an error', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, ports: METRICS }).exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30910 } });
    new NodeDaemon(chart, 'b', { image: IMAGE, ports: METRICS }).exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30910 } });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/a\] exposeViaService\.nodePorts = 30910: is also a node port of the Service at 'test\/b\/Service'/);
  });

  test('a node port of a Service made outside the library counts', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, ports: METRICS }).exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30910 } });
    new ApiObject(chart, 'other', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30910 }] } });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/nodePorts = 30910: is also a node port of the Service at 'test\/other'/);
  });

  test('one node port for a TCP and a UDP port of one Service is allowed, as Kubernetes allows it', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'dns', {
      image: IMAGE,
      ports: [{ name: 'dns-tcp', number: 53 }, { name: 'dns-udp', number: 53, protocol: kplus.Protocol.UDP }],
      securityContext: { capabilities: ['NET_BIND_SERVICE'] },
    }).exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { 'dns-tcp': 30053, 'dns-udp': 30053 } });

    // WHEN
    const service = Testing.synth(chart).find(m => m.kind === 'Service');

    // THEN
    expect(service.spec.ports.map((p: any) => [p.protocol, p.nodePort])).toEqual([['TCP', 30053], ['UDP', 30053]]);
  });
});

describe('host ports and host paths', () => {
  test('two daemons binding host port 9100 on the same nodes are an error', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'exporter', { image: IMAGE, hostNetwork: true, ports: METRICS });
    new NodeDaemon(chart, 'exporter2', { image: IMAGE, ports: [{ name: 'metrics', number: 9100, hostPort: 9100 }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/exporter2\] ports = 'host port 9100\/TCP': is also used by the DaemonSet at 'test\/exporter' \(exporter\), and both can run on one node \(any node\), so one of the pods can never bind it and stays Pending/);
  });

  test('the same host port on nodes that can never be the same, or for another protocol, is fine', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'linux', { image: IMAGE, hostNetwork: true, ports: METRICS, nodeSelector: { 'kubernetes.io/os': 'linux' } });
    new NodeDaemon(chart, 'windows', { image: IMAGE, ports: [{ name: 'metrics', number: 9100, hostPort: 9100 }], nodeAffinity: { required: [NodeSelectorTerm.of(NodeSelectorRequirement.in('kubernetes.io/os', ['windows']))] } });
    new NodeDaemon(chart, 'udp', { image: IMAGE, ports: [{ name: 'metrics', number: 9100, hostPort: 9100, protocol: kplus.Protocol.UDP }] });

    // THEN
    expect(Testing.synth(chart).filter(m => m.kind === 'DaemonSet')).toHaveLength(3);
  });

  test('the variants of one daemon never clash with each other', () => {
    // GIVEN
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'exporter', { image: IMAGE, hostNetwork: true, ports: METRICS });
    d.addVariant('gpu', { nodeSelector: { 'example.com/gpu': 'nvidia' } });

    // THEN
    expect(Testing.synth(chart).filter(m => m.kind === 'DaemonSet')).toHaveLength(2);
  });

  test('two daemons writing the same host path, or one inside the other, are an error; read-only mounts are fine', () => {
    // GIVEN
    const writes = (path: string) => ({ image: IMAGE, hostPathMounts: [{ path, readOnly: false }] });
    const same = Testing.chart();
    new NodeDaemon(same, 'a', writes('/var/lib/agent'));
    new NodeDaemon(same, 'b', writes('/var/lib/agent/'));
    const nested = Testing.chart();
    new NodeDaemon(nested, 'a', writes('/var/lib/agent/cache'));
    new NodeDaemon(nested, 'b', writes('/var/lib/agent'));
    const readers = Testing.chart();
    new NodeDaemon(readers, 'a', { image: IMAGE, hostPathMounts: [{ path: '/var/log' }] });
    new NodeDaemon(readers, 'b', writes('/var/log/b'));

    // THEN
    expect(() => Testing.synth(same)).toThrow(/\[test\/a\] hostPathMounts = 'host path \/var\/lib\/agent \(both write it\)': is also used by the DaemonSet at 'test\/b'/);
    expect(() => Testing.synth(nested)).toThrow(/hostPathMounts = 'host path \/var\/lib\/agent\/cache, inside \/var\/lib\/agent that the other writes'/);
    expect(Testing.synth(readers).filter(m => m.kind === 'DaemonSet')).toHaveLength(2);
  });
});

describe('namespace and config lookups', () => {
  test('a DaemonNamespace finds daemons placed in it from anywhere in the app', () => {
    // GIVEN
    const a = Testing.chart();
    const ns = new DaemonNamespace(a, 'monitoring');
    new NodeDaemon(ns, 'inside', { image: IMAGE });
    new NodeDaemon(a, 'elsewhere', { image: IMAGE, namespace: 'monitoring' });
    new NodeDaemon(a, 'other', { image: IMAGE, namespace: 'logging' });

    // THEN
    expect(ns.daemons.map(d => d.node.path)).toEqual(['test/elsewhere', 'test/monitoring/inside']);
  });

  test('the index is rebuilt for every synth: a clash added after the first synth is found by the second', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, name: 'agent' });
    expect(Testing.synth(chart)).toHaveLength(2);

    // WHEN
    new NodeDaemon(chart, 'b', { image: IMAGE, name: 'agent' });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/makes DaemonSet 'agent'/);
  });
});

describe('one run of the checks per synth, however many charts', () => {
  /** A daemon that counts how often its checks run. */
  class CountingDaemon extends NodeDaemon {
    public runs = 0;
    protected validateDaemon() {
      this.runs++;
      return super.validateDaemon();
    }
  }

  test.each([
    ['a DaemonsApp', () => new DaemonsApp({ outdir: fs.mkdtempSync(join(os.tmpdir(), 'index-')) })],
    ['a cdk8s App', () => Testing.app()],
  ])('in %s, cdk8s validates the app again for every chart it renders; each daemon\'s checks run as often as with one chart', (_kind, makeApp) => {
    // GIVEN five daemons, in one chart and in five charts
    const runsOf = (charts: number) => {
      const app = makeApp();
      const chartList = Array.from({ length: charts }, (_, i) => new Chart(app, `c${i}`));
      const daemons = [0, 1, 2, 3, 4].map(i => new CountingDaemon(chartList[i % charts], `agent${i}`, { image: IMAGE, name: `agent-${i}`, ports: METRICS }));
      daemons.forEach(d => d.exposeViaService());
      // WHEN
      app.synthYaml();
      return daemons.map(d => d.runs);
    };
    // THEN (cdk8s validated the app six times for five charts: once, then once per chart)
    const one = runsOf(1);
    expect(runsOf(5)).toEqual(one);
    // once: the validation and the render guard (which runs when the index renders the app, and
    // again when the YAML is written) read one list per synth
    expect(one).toEqual([1, 1, 1, 1, 1]);
  });

  test('in a cdk8s App, every DaemonSet and Service is rendered once per synth, however many charts (not once per validation pass)', () => {
    // GIVEN five daemons with a Service each, in five charts of a plain cdk8s App
    const app = Testing.app();
    [0, 1, 2, 3, 4].forEach(i => new NodeDaemon(new Chart(app, `c${i}`), `agent${i}`, { image: IMAGE, name: `agent-${i}`, ports: METRICS }).exposeViaService());
    // (ApiObject's toJson renders every object; the library's DaemonSets and Services call it once per render;
    // cdk8s's ApiObject answers instanceof for any ApiObject, so the kind tells them apart)
    const renders = jest.spyOn(ApiObject.prototype, 'toJson');
    const rendered = () => ['DaemonSet', 'Service'].map(kind => renders.mock.contexts.filter(o => o.kind === kind).length);
    try {
      // WHEN it synthesizes, to YAML and to files
      const yaml = app.synthYaml();
      // THEN each object was rendered once, for the checks and the YAML alike
      expect(rendered()).toEqual([5, 5]);
      app.synth();
      expect(rendered()).toEqual([10, 10]);
      // AND the YAML is the one cdk8s's own method writes (which renders per pass)
      expect(App.prototype.synthYaml.call(app)).toBe(yaml);
      expect(rendered()[0]).toBeGreaterThan(10);
    } finally {
      renders.mockRestore();
    }
  });

  test('the scope is the app object\'s own: App.prototype is untouched, another App is not wrapped, and the app keeps its methods\' results', () => {
    const prototypeSynth = App.prototype.synth;
    const app = Testing.app();
    const bare = Testing.app();
    new NodeDaemon(new Chart(app, 'c'), 'agent', { image: IMAGE, ports: METRICS });
    expect(App.prototype.synth).toBe(prototypeSynth);
    expect(Object.prototype.hasOwnProperty.call(app, 'synth')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(bare, 'synth')).toBe(false);
    expect(Object.keys(app)).toEqual(Object.keys(bare)); // nothing enumerable added
  });

  test('a later synth runs the checks again, and finds what changed in between: a daemon, or an object made elsewhere', () => {
    // GIVEN a valid app, synthesized once
    const app = Testing.app();
    const a = new CountingDaemon(new Chart(app, 'a'), 'agent', { image: IMAGE, name: 'agent', ports: METRICS, hostNetwork: true });
    const other = new Chart(app, 'b');
    new NodeDaemon(other, 'exporter', { image: IMAGE, name: 'exporter', namespace: 'ops', ports: [{ name: 'metrics', number: 9101 }], hostNetwork: true });
    app.synthYaml();
    const first = a.runs;
    expect(first).toBeGreaterThan(0);

    // WHEN an object made elsewhere takes the daemon's name and kind
    const dup = new ApiObject(other, 'dup', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' } });
    // THEN the next synth checks again and fails
    expect(() => app.synthYaml()).toThrow(/makes DaemonSet 'agent'/);
    other.node.tryRemoveChild(dup.node.id);
    expect(a.runs).toBeGreaterThan(first);

    // WHEN the other daemon changes to bind the same host port on the same nodes
    app.synthYaml();
    const runs = a.runs;
    const exporter = other.node.findChild('exporter') as NodeDaemon;
    exporter.addPort({ name: 'agent', number: 9100 });
    // THEN the unchanged daemon's checks run again and find the clash
    expect(() => app.synthYaml()).toThrow(/9100/);
    expect(a.runs).toBeGreaterThan(runs);
  });

  test('a Service made elsewhere that takes a node port between two synths is found by the second', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, ports: METRICS });
    d.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30100 } });
    app.synthYaml();
    const service = new kplus.Service(new Chart(app, 'other'), 'svc', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 30100 }] });
    expect(service).toBeDefined();
    expect(() => app.synthYaml()).toThrow(/30100/);
  });
});
