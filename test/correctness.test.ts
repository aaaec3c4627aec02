/**
 * Issue 19: the app-wide checks judge the manifests that will be written, computed from the app as it
 * is at each synth; nothing kept from one synth survives a change made before the next.
 */
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ClusterInventory, DaemonNamespace, DaemonsApp, ListenAddress, LogSecret, MonitoringDaemon, NodeDaemon, PlatformProfile, UpdateStrategy } from '../src';
import { IMAGE, synthOf } from './scheduling/helpers';
import { runs } from './util/runs';
import { checkManifests } from '../src/rules/check';

const METRICS = [{ name: 'metrics', number: 9100 }];

/** How a user synthesizes: the app to YAML, the app to files, or each chart's JSON (as `Testing.synth` does). */
type Way = 'synthYaml' | 'synth' | 'toJson';
const WAYS: Way[] = ['synthYaml', 'synth', 'toJson'];

/** The error of a synth made `way`, or 'ok'. */
function outcome(app: App, way: Way = 'synthYaml'): string {
  try {
    if (way === 'synthYaml') {
      app.synthYaml();
    } else if (way === 'synth') {
      app.synth();
    } else {
      app.charts.forEach(c => c.toJson());
    }
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

/** 'ok', or the error `fn` throws. */
function attempt(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('no stale validation', () => {
  test('a platform profile applied between two synths is judged by the second', () => {
    // GIVEN an app with a hostNetwork daemon, synthesized once
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new NodeDaemon(chart, 'agent', { image: IMAGE, hostNetwork: true, ports: METRICS });
    expect(outcome(app)).toBe('ok');
    // WHEN GKE Autopilot's profile is applied after it
    PlatformProfile.gkeAutopilot().applyTo(chart);
    // THEN the next synth refuses it, as a synth of a fresh app built that way does
    expect(outcome(app)).toMatch(/hostNetwork.*platform profile: GKE Autopilot/);
  });

  test('the same in a DaemonsApp, whose synth keeps one index for all its passes', () => {
    const app = new DaemonsApp();
    const chart = new Chart(app, 'c');
    new NodeDaemon(chart, 'agent', { image: IMAGE, hostNetwork: true, ports: METRICS });
    expect(outcome(app)).toBe('ok');
    PlatformProfile.gkeAutopilot().applyTo(chart);
    expect(outcome(app)).toMatch(/platform profile: GKE Autopilot/);
  });

  /** Public mutators a user may call between two synths, each applied to the app of `a` and `b`. */
  const mutators: Array<[string, (c: Chart, a: NodeDaemon, b: NodeDaemon) => void]> = [
    ['profile', c => PlatformProfile.gkeAutopilot().applyTo(c)],
    ['port', (_c, _a, b) => b.addPort({ name: 'clash', number: 9100, hostPort: 9100 })],
    ['patch', (_c, _a, b) => ApiObject.of(b.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/0/hostPort', 9100))],
    ['surge', (_c, _a, b) => b.useUpdateStrategy(UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }))],
    ['object', c => new ApiObject(c, 'dup', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a', namespace: 'ops' } })],
    ['nodePort', c => new kplus.Service(c, 'svc', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 30100 }] })],
    ['label', (_c, _a, b) => ApiObject.of(b.daemonSet).addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { 'app.kubernetes.io/name': 'a' }))],
  ];

  /** Two daemons in one chart: `a` binds host port 9100 and exposes node port 30100, `b` is on the host network. */
  function build(app: App): { chart: Chart; a: NodeDaemon; b: NodeDaemon } {
    const chart = new Chart(app, 'c', { namespace: 'ops' });
    const a = new NodeDaemon(chart, 'a', { image: IMAGE, ports: [{ name: 'metrics', number: 9100, hostPort: 9100 }] });
    a.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30100 } });
    const b = new NodeDaemon(chart, 'b', { image: IMAGE, hostNetwork: true, ports: [{ name: 'http', number: 8080 }] });
    return { chart, a, b };
  }

  test('any public mutator called between two synths gives the result of a fresh app built with it', () => {
    const way = fc.constantFrom(...WAYS);
    fc.assert(fc.property(fc.subarray(mutators.map((_, i) => i)), fc.boolean(), way, way, (chosen, daemonsApp, firstWay, secondWay) => {
      const make = () => (daemonsApp ? new DaemonsApp({ outdir: Testing.app().outdir }) : Testing.app());
      // GIVEN an app synthesized once (one way), then changed
      const app = make();
      const x = build(app);
      expect(outcome(app, firstWay)).toBe('ok');
      const changed = chosen.map(i => attempt(() => mutators[i][1](x.chart, x.a, x.b)));
      const second = outcome(app, secondWay); // before anything else is built: nothing else may refresh the app's state
      // AND a fresh app built with the same changes
      const fresh = make();
      const y = build(fresh);
      const built = chosen.map(i => attempt(() => mutators[i][1](y.chart, y.a, y.b)));
      // THEN both synths (made the second way) end alike
      expect(changed).toEqual(built);
      expect(second).toBe(outcome(fresh, secondWay));
    }), {
      seed: 20261202,
      numRuns: runs(400),
      // each mutator alone, in both kinds of app, synthesized to YAML; then random combinations and ways
      examples: mutators.flatMap((_, i) => [[[i], false, 'synthYaml', 'synthYaml'], [[i], true, 'synthYaml', 'synthYaml']] as Array<[number[], boolean, Way, Way]>),
    });
  });
});

describe('escape hatches count', () => {
  test('a host port added by JSON patch clashes with another daemon on the same nodes, at synth', () => {
    // GIVEN daemon a binds host port 9100
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new NodeDaemon(chart, 'a', { image: IMAGE, ports: [{ name: 'metrics', number: 9100, hostPort: 9100 }] });
    const b = new NodeDaemon(chart, 'b', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });
    expect(outcome(app)).toBe('ok');
    // WHEN b gets the same host port by JSON patch
    ApiObject.of(b.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/0/hostPort', 9100));
    // THEN synth finds the clash, naming both
    expect(outcome(app)).toMatch(/\[c\/b\] ports = 'host port 9100\/TCP': is also used by the DaemonSet at 'c\/a'/);
  });

  test('a node port set by JSON patch on a daemon\'s Service clashes with another Service\'s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const a = new NodeDaemon(chart, 'a', { image: IMAGE, ports: METRICS });
    a.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30100 } });
    const b = new NodeDaemon(chart, 'b', { image: IMAGE, ports: METRICS });
    const svc = b.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { metrics: 30200 } });
    expect(outcome(app)).toBe('ok');
    svc.addJsonPatch(JsonPatch.replace('/spec/ports/0/nodePort', 30100));
    expect(outcome(app)).toMatch(/exposeViaService.nodePorts = 30100: is also a node port of the Service at 'c\/(a|b)\/Service'/);
  });
});

describe('escape hatches write what they say', () => {
  // cdk8s-plus-27's KubeDaemonSet and KubeService convert their JSON through the typed model after the
  // JSON patches, which drops a patched int-or-string given as a plain number; the library's objects
  // convert their typed spec once, before the patches, as any ApiObject keeps a patch.
  const rollingUpdate = (app: App) => Testing.synth(app.charts[0]).find(o => o.kind === 'DaemonSet').spec.updateStrategy.rollingUpdate;

  test('an int-or-string patched as a plain number is written, and the deploy gate reads it', () => {
    // GIVEN a daemon with the default rolling update
    const app = Testing.app();
    const d = new NodeDaemon(new Chart(app, 'c'), 'a', { image: IMAGE, ports: METRICS });
    expect(rollingUpdate(app)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    // WHEN maxUnavailable is patched to a number, then to a percentage
    ApiObject.of(d.daemonSet).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', 3));
    expect(rollingUpdate(app)).toEqual({ maxSurge: 0, maxUnavailable: 3 });
    ApiObject.of(d.daemonSet).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', '25%'));
    expect(rollingUpdate(app)).toEqual({ maxSurge: 0, maxUnavailable: '25%' });
    // AND a zero is written as zero, so the deploy gate sees what the API server would refuse (before,
    // the patch vanished and the server's default of 1 applied: a patch that said nothing)
    ApiObject.of(d.daemonSet).addJsonPatch(JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', 0));
    // (Chart.toJson, not Testing.synth: the suite's setup records every Testing.synth output for the
    // conformance run, which requires it valid, and this one is refused on purpose)
    const written = app.charts[0].toJson().map((object: any) => ({ file: 'app.yaml', object }));
    expect(written.find(m => m.object.kind === 'DaemonSet')!.object.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 0 });
    expect(checkManifests(written, ClusterInventory.sample()).filter(f => f.rule === 'api-refused').map(f => f.problem))
      .toEqual([expect.stringMatching(/both maxUnavailable and maxSurge zero/)]);
  });

  test('a Service\'s targetPort patched as a number is written', () => {
    const app = Testing.app();
    const svc = new NodeDaemon(new Chart(app, 'c'), 'a', { image: IMAGE, ports: METRICS }).exposeViaService();
    svc.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9100));
    expect(Testing.synth(app.charts[0]).find(o => o.kind === 'Service').spec.ports[0].targetPort).toBe(9100);
  });
});

describe('two copies of the library in one app', () => {
  /** A second copy of this library's modules, sharing cdk8s, constructs and cdk8s-plus-27 (peer dependencies). */
  function secondCopy(): typeof import('../src') {
    let copy: typeof import('../src') | undefined;
    const cdk8s = jest.requireActual('cdk8s');
    const constructs = jest.requireActual('constructs');
    const kplusCopy = jest.requireActual('cdk8s-plus-27');
    jest.isolateModules(() => {
      jest.doMock('cdk8s', () => cdk8s);
      jest.doMock('constructs', () => constructs);
      jest.doMock('cdk8s-plus-27', () => kplusCopy);
      copy = jest.requireActual('../src');
    });
    return copy!;
  }

  test('a NodeDaemon of each synthesizes, and each copy sees the other\'s DaemonSet as it is written', () => {
    // GIVEN a daemon of each copy, both binding host port 9100 on every node
    const other = secondCopy();
    expect(other.NodeDaemon).not.toBe(NodeDaemon);
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new NodeDaemon(chart, 'a', { image: IMAGE, ports: METRICS });
    const b = new other.NodeDaemon(chart, 'b', { image: IMAGE, ports: METRICS });
    // THEN synth returns, with both daemons' YAML
    const yaml = app.synthYaml();
    expect(yaml).toContain('name: a\n');
    expect(yaml).toContain('name: b\n');
    expect(NodeDaemon.isNodeDaemon(b)).toBe(true);
    // WHEN both bind the same host port
    b.addPort({ name: 'x', number: 9200, hostPort: 9200 });
    (chart.node.findChild('a') as NodeDaemon).addPort({ name: 'x', number: 9200, hostPort: 9200 });
    // THEN each copy reports the clash with the other's DaemonSet
    const error = outcome(app);
    expect(error).toMatch(/\[c\/a\] ports = 'host port 9200\/TCP': is also used by the DaemonSet at 'c\/b'/);
    expect(error).toMatch(/\[c\/b\] ports = 'host port 9200\/TCP': is also used by the DaemonSet at 'c\/a'/);
  });
});

describe('values the API server or the program would refuse later are refused when made', () => {
  test('ListenAddress.ip: an IPv4 part above 255 is refused; 255 and IPv6 are accepted', () => {
    expect(() => ListenAddress.ip('999.1.1.1')).toThrow(/^\[ListenAddress\.ip\] address = '999\.1\.1\.1': is not an IPv4 or IPv6 address\. Fix: /);
    expect(() => ListenAddress.ip('256.0.0.1')).toThrow(/is not an IPv4 or IPv6 address/);
    expect(ListenAddress.ip('255.255.255.255').host).toBe('255.255.255.255');
    expect(() => ListenAddress.ip('10.0.0')).toThrow(/is not an IPv4 or IPv6 address/);
    expect(ListenAddress.ip('fd00::1').host).toBe('[fd00::1]');
    expect(() => ListenAddress.ip('fd00::1::2')).toThrow(/is not an IPv4 or IPv6 address/);
  });

  test('LogSecret.fromSecret: a Secret name that is not a DNS subdomain is refused', () => {
    const chart = Testing.chart();
    expect(() => LogSecret.fromSecret(kplus.Secret.fromSecretName(chart, 'a', 'ES_Creds'), 'password'))
      .toThrow(/^\[LogSecret\.fromSecret\] secret\.name = 'ES_Creds': Secret name .*\. Fix: name the Secret the credentials are in, in lowercase/);
    expect(LogSecret.fromSecret(kplus.Secret.fromSecretName(chart, 'b', 'es-creds'), 'password').key).toBe('password');
  });

  test('addDebugPod: the derived name is a label too, so at most 63 characters', () => {
    const chart = Testing.chart();
    // 'x'.repeat(n) + '-debug-' + 'a' : 63 characters is the largest accepted
    const at = (n: number) => new NodeDaemon(chart, `d${n}`, { image: IMAGE, name: 'x'.repeat(n) });
    const pod = at(55).addDebugPod('a');
    expect(pod.name).toHaveLength(63);
    expect(Testing.synth(chart).find(m => m.kind === 'Pod').metadata.labels['app.kubernetes.io/name']).toHaveLength(63);
    expect(() => at(56).addDebugPod('a')).toThrow(/addDebugPod\.name = 'x{56}-debug-a': .*app\.kubernetes\.io\/name label\)\. Fix: give a shorter name/);
    expect(() => at(60).addDebugPod('a', { name: 'short-debug' })).not.toThrow();
  });

  test('annotations of a Service and of a DaemonNamespace: 256 KiB in all is the largest accepted', () => {
    const LIMIT = 256 * 1024;
    const sized = (total: number) => ({ 'example.com/big': 'v'.repeat(total - 'example.com/big'.length) });
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'd', { image: IMAGE, ports: METRICS });
    d.exposeViaService({ annotations: sized(LIMIT) });
    expect(Testing.synth(chart).find(m => m.kind === 'Service').metadata.annotations['example.com/big']).toHaveLength(LIMIT - 15);
    expect(() => d.exposeViaService({ id: 'Big', annotations: sized(LIMIT + 1) })).toThrow(/\[test\/d\] exposeViaService\.annotations = '262145 bytes': annotations total 262145 bytes, above the API server's limit of 262144/);
    expect(() => new DaemonNamespace(Testing.chart(), 'ok', { annotations: sized(LIMIT) })).not.toThrow();
    expect(() => new DaemonNamespace(Testing.chart(), 'big', { annotations: sized(LIMIT + 1) })).toThrow(/\[test\/big\] annotations = '262145 bytes': annotations total 262145 bytes/);
  });
});

describe('public state is frozen or copied: nobody changes what the library checked', () => {
  test('selector labels, labels and a variant\'s options cannot be written; the Service keeps its selector', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, ports: METRICS });
    d.exposeViaService();
    const gpu = d.addVariant('gpu', { nodeSelector: { 'example.com/gpu': 'nvidia' } });
    const writes: Array<() => void> = [
      () => { (d.selectorLabels as any)['app.kubernetes.io/name'] = 'Not A Valid Label!'; },
      () => { (d.daemonSetSelectorLabels as any)['cdk8s-daemons.io/variant'] = 'x'; },
      () => { (d.labels as any).team = 'Bad Value!'; },
      () => { (gpu.options.nodeSelector as any)['example.com/gpu'] = 'amd'; },
      () => { (gpu.selectorLabels as any).extra = 'x'; },
      () => { (d.ports[0] as any).number = 0; },
    ];
    for (const write of writes) { expect(write).toThrow(TypeError); }
    const service = Testing.synth(chart).find(m => m.kind === 'Service');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/instance': 'agent', 'app.kubernetes.io/name': 'agent' });
  });

  test('changing the objects given as props after construction changes nothing', () => {
    const port = { name: 'metrics', number: 9100 };
    const mount = { path: '/var/log' };
    const annotations: { [key: string]: string } = { 'example.com/owner': 'ops' };
    const nodeSelector: { [key: string]: string } = { 'example.com/gpu': 'nvidia' };
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, ports: [port], hostPathMounts: [mount], annotations });
    d.addVariant('gpu', { nodeSelector });
    const before = JSON.stringify(Testing.synth(chart));
    // WHEN the caller changes its own objects
    port.number = 0;
    mount.path = 'relative';
    annotations['Bad Key!'] = 'x';
    nodeSelector['example.com/gpu'] = 'Not Valid!';
    // THEN the output is what was checked
    expect(JSON.stringify(Testing.synth(chart))).toBe(before);
  });
});

describe('node-exporter collector names', () => {
  test('a name node-exporter v1.6.1 lacks is refused (it would exit at start); its own are accepted', () => {
    const chart = Testing.chart();
    expect(() => new MonitoringDaemon(chart, 'a', { disabledCollectors: ['wifii'] }))
      .toThrow(/^\[test\/a\] disabledCollectors\[0\] = 'wifii': is not a collector of node-exporter v1\.6\.1, which would exit at start \('unknown long flag'\) on every node\. Fix: use one of its collectors \('wifi'\?\)/);
    expect(() => new MonitoringDaemon(chart, 'b', { collectors: ['systemd', 'softirqs'], disabledCollectors: ['wifi', 'zoneinfo'] })).not.toThrow();
    expect(() => new MonitoringDaemon(chart, 'c', { collectors: ['cpu_vulnerabilities'] })).toThrow(/is not a collector of node-exporter v1\.6\.1/);
  });

  test('with another image (another version) the names are not judged by v1.6.1\'s list', () => {
    const d = new MonitoringDaemon(Testing.chart(), 'a', { image: 'quay.io/prometheus/node-exporter:v1.8.2', collectors: ['cpu_vulnerabilities'] });
    expect(d.container.args).toContain('--collector.cpu_vulnerabilities');
  });
});

describe('every derived label stays a legal label', () => {
  /** Every label of every object (and pod template) the chart writes. */
  function allLabels(manifests: any[]): Array<[string, string, string]> {
    const out: Array<[string, string, string]> = [];
    const visit = (where: string, labels: any) => Object.entries(labels ?? {}).forEach(([k, v]) => out.push([where, k, String(v)]));
    for (const m of manifests) {
      visit(`${m.kind}/${m.metadata?.name}`, m.metadata?.labels);
      visit(`${m.kind}/${m.metadata?.name} template`, m.spec?.template?.metadata?.labels);
      visit(`${m.kind}/${m.metadata?.name} selector`, m.spec?.selector?.matchLabels ?? m.spec?.selector);
    }
    return out;
  }

  test('with the longest name, instance, variant and debug pod the library accepts, every label value has at most 63 characters', () => {
    const chart = Testing.chart();
    const name = `a${'b'.repeat(61)}c`; // 63: the largest accepted
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, name, instance: name, partOf: name, component: name, namespace: 'ops', ports: METRICS });
    d.addVariant(`V${'x'.repeat(62)}`, { nodeSelector: { 'example.com/gpu': 'nvidia' } });
    d.exposeViaService();
    d.exposeViaHeadlessService({ name: 'agent-pods' }); // '<name>-headless' would be a Service name of 72: refused
    d.restrictIngress({ peers: [kplus.Pods.all(chart, 'All')] });
    d.grantApiAccess({ resources: [kplus.ApiResource.PODS] });
    d.addDebugPod('dbg', { name: 'agent-debug' });
    const labels = allLabels(Testing.synth(chart));
    expect(labels.length).toBeGreaterThan(20);
    for (const [where, key, value] of labels) {
      expect({ where, key, length: value.length, valid: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) })
        .toEqual({ where, key, length: Math.min(value.length, 63), valid: true });
    }
    // and the first refused: 64 characters, and a variant id of 64
    expect(() => new NodeDaemon(chart, 'long', { image: IMAGE, name: `${name}d` })).toThrow(/\[test\/long\] name = '.{64}': .*at most 63 characters/);
    const other = new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE });
    expect(() => synthOf(other.addVariant(`V${'x'.repeat(63)}`, { nodeSelector: { 'example.com/gpu': 'nvidia' } })))
      .toThrow(/\[test\/agent\] addVariant\('Vx{63}'\) = 'vx{63}': variant name must be at most 63 characters \(it has 64\)/);
  });
});
