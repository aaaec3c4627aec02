/**
 * Issue 19: props from JavaScript are checked as jsii types are, and a constructor that throws leaves
 * nothing in the tree.
 */
import * as fs from 'fs';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { propKeysSource, OUTPUT } from '../../build-tools/prop-keys';
import { DaemonNamespace, LogCollector, MonitoringDaemon, NodeDaemon, NodeDaemonProps, NodeScopedApp, NodeScopedAppProps, UpdateStrategy } from '../../src';
import { IMAGE } from '../scheduling/helpers';

/** Calls as JavaScript would, past the type checker. */
const js = (x: unknown) => x as any;

describe('props from JavaScript', () => {
  test('a misspelt prop is refused, naming the prop it is close to', () => {
    const chart = Testing.chart();
    expect(() => new NodeDaemon(chart, 'a', js({ imge: IMAGE }))).toThrow(
      /^\[test\/a\] imge = '.*': is not a prop of NodeDaemonProps, so it would be ignored\. Fix: did you mean 'image'\? \(the props are listed in API\.md\)$/);
  });

  test('missing props, a missing image and an image of the wrong type name the prop and an example', () => {
    const chart = Testing.chart();
    expect(() => new NodeDaemon(chart, 'a', js(undefined))).toThrow(/^\[test\/a\] props = undefined: are missing, and NodeDaemonProps needs image\. Fix: pass props, e\.g\. \{ image: 'quay\.io/);
    expect(() => new NodeDaemon(chart, 'b', js({}))).toThrow(/^\[test\/b\] image = undefined: is required by NodeDaemonProps\. Fix: give it, e\.g\. image: '/);
    expect(() => new NodeDaemon(chart, 'c', js({ image: 42 }))).toThrow(/^\[test\/c\] image = 42: must be a string, not a number\./);
    expect(() => new NodeDaemon(chart, 'd', js('nginx'))).toThrow(/^\[test\/d\] props = 'nginx': must be an object of NodeDaemonProps\./);
    expect(() => new NodeScopedApp(chart, 'e', js(undefined))).toThrow(/^\[test\/e\] props = undefined: are missing, and NodeScopedAppProps needs image/);
    // nothing of the refused daemons stayed in the chart
    expect(chart.node.children).toHaveLength(0);
  });

  test('the old name of a renamed option names its new name', () => {
    const d = new NodeDaemon(Testing.chart(), 'a', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });
    const peer = kplus.Pods.all(d, 'All');
    expect(() => d.restrictIngress(js({ from: [peer] }))).toThrow(/^\[test\/a\] from = .*: was renamed to 'peers'\. Fix: write peers: instead of from: \(see CHANGELOG\.md\)$/);
    expect(() => d.restrictIngress(js(undefined))).toThrow(/^\[test\/a\] props = undefined: are missing, and IngressPolicyOptions needs peers/);
  });

  test('each preset and option checks its own keys', () => {
    const chart = Testing.chart();
    expect(() => new MonitoringDaemon(chart, 'm', js({ colectors: ['cpu'] }))).toThrow(/colectors = \["cpu"\]: is not a prop of MonitoringDaemonProps.*did you mean 'collectors'/);
    expect(() => new LogCollector(chart, 'l', js({ output: [] }))).toThrow(/output = \[\]: is not a prop of LogCollectorProps.*did you mean 'outputs'/);
    expect(() => new DaemonNamespace(chart, 'n', js({ podSecurityLevel: 'baseline' }))).toThrow(/podSecurityLevel = 'baseline': is not a prop of DaemonNamespaceProps.*did you mean 'podSecurity'/);
    const d = new NodeDaemon(chart, 'd', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });
    expect(() => d.exposeViaService(js({ nodeport: 30000 }))).toThrow(/nodeport = 30000: is not a prop of ServiceExposeOptions.*did you mean 'nodePorts'/);
    expect(() => d.addVariant('gpu', js({ nodeselector: { gpu: 'yes' } }))).toThrow(/\[test\/d\/gpu\] nodeselector = .*did you mean 'nodeSelector'/);
    expect(() => d.addVariant('arm', js(undefined))).toThrow(/\[test\/d\] addVariant\('arm'\) = undefined: needs options/);
    expect(() => d.grantApiAccess(js({ resource: [kplus.ApiResource.PODS] }))).toThrow(/resource = .*: is not a prop of ApiAccessOptions.*did you mean 'resources'/);
  });

  test('a subclass passes props of its own on to NodeDaemon', () => {
    interface AgentProps extends NodeDaemonProps { readonly flavour: string }
    class Agent extends NodeDaemon {
      constructor(scope: Construct, id: string, props: AgentProps) {
        super(scope, id, props);
      }
    }
    const chart = Testing.chart();
    new Agent(chart, 'agent', { image: IMAGE, flavour: 'mint' });
    expect(Testing.synth(chart).some(m => m.kind === 'DaemonSet')).toBe(true);
    expect(() => new Agent(chart, 'bad', js({ flavour: 'mint' }))).toThrow(/image = undefined: is required by NodeDaemonProps/);
  });

  test('NodeScopedApp checks its own keys, and a subclass of it passes props of its own on', () => {
    interface WebProps extends NodeScopedAppProps { readonly site: string }
    class Web extends NodeScopedApp {
      constructor(scope: Construct, id: string, props: WebProps) {
        super(scope, id, props);
      }
    }
    const chart = Testing.chart();
    expect(() => new NodeScopedApp(chart, 'app', js({ image: IMAGE, hostDirectry: { path: '/var/lib/app' } })))
      .toThrow(/^\[test\/app\] hostDirectry = .*: is not a prop of NodeScopedAppProps.*did you mean 'hostDirectory'/);
    expect(() => new NodeScopedApp(chart, 'app2', js({ hostDirectory: { path: '/var/lib/app', mountPath: '/data' } })))
      .toThrow(/^\[test\/app2\] image = undefined: is required by NodeScopedAppProps.* Fix: .*image: 'nginx:1\.25'/);
    new Web(chart, 'web', { image: IMAGE, site: 'example.com' });
    expect(Testing.synth(chart).some(m => m.kind === 'DaemonSet')).toBe(true);
  });

  test('the key lists are what build-tools/prop-keys.ts reads from the interfaces (run it after changing a props interface)', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(propKeysSource());
  });
});

describe('a constructor that throws leaves nothing in the tree', () => {
  test('a caught NodeDaemon error, then a good daemon: the synth has only the good one', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'c');
    const ns = new DaemonNamespace(chart, 'ns', { name: 'agents' });
    // WHEN a daemon is refused after NodeDaemon's own construction began
    expect(() => new NodeDaemon(ns, 'bad', { image: IMAGE, labels: { 'app.kubernetes.io/name': 'x' } })).toThrow(/is managed by cdk8s-daemons/);
    new NodeDaemon(ns, 'good', { image: IMAGE });
    // THEN
    expect(ns.node.tryFindChild('bad')).toBeUndefined();
    const sets = Testing.synth(chart).filter(m => m.kind === 'DaemonSet');
    expect(sets.map(s => s.metadata.name)).toEqual(['good']);
  });

  test('a preset refused by its own part (after NodeDaemon was built) leaves nothing either', () => {
    const chart = Testing.chart();
    // NodeScopedApp exposes its Services after NodeDaemon is built: a second Service with the first's id fails there
    expect(() => new NodeScopedApp(chart, 'web', { image: IMAGE, ports: [{ name: 'http', number: 80 }], services: [{}, {}] })).toThrow(/exposeViaService.id = 'Service': is taken/);
    expect(chart.node.tryFindChild('web')).toBeUndefined();
    new NodeScopedApp(chart, 'web', { image: IMAGE });
    expect(Testing.synth(chart).filter(m => m.kind === 'DaemonSet')).toHaveLength(1);
  });

  test('a refused DaemonNamespace leaves nothing', () => {
    const chart = Testing.chart();
    expect(() => new DaemonNamespace(chart, 'ns', { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } })).toThrow(/managed by DaemonNamespace/);
    expect(chart.node.children).toHaveLength(0);
  });
});

describe('value factories from JavaScript', () => {
  test('UpdateStrategy.rollingUpdate with a plain number names the value given and the class to use', () => {
    expect(() => UpdateStrategy.rollingUpdate(js({ maxUnavailable: 0, maxSurge: kplus.PercentOrAbsolute.absolute(1) })))
      .toThrow(/^\[UpdateStrategy\.rollingUpdate\] maxUnavailable = 0: must be a kplus\.PercentOrAbsolute, not a plain value\. Fix: write kplus\.PercentOrAbsolute\.absolute\(0\)/);
    expect(() => UpdateStrategy.rollingUpdate(js({ maxSurge: '25%' }))).toThrow(/maxSurge = '25%': must be a kplus\.PercentOrAbsolute/);
    const { absolute } = kplus.PercentOrAbsolute;
    expect(UpdateStrategy.rollingUpdate({ maxUnavailable: absolute(0), maxSurge: absolute(1) }).surges).toBe(true);
  });
});
