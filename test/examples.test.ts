import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { AdoptedChart } from '../examples/adopted';
import { FluentdChart } from '../examples/fluentd';
import { HardwareVariantsChart } from '../examples/hardware-variants';
import { NginxChart } from '../examples/nginx';
import { NodeExporterChart } from '../examples/node-exporter';
import { ReachingPodsChart } from '../examples/reaching-pods';
import { VipOnlyChart } from '../examples/vip-only';
import { ClusterInventory, Placement, PodSecurityLevel } from '../src';
import { checkManifests } from '../src/rules/check';
import { loadManifests } from '../src/rules/manifests';

describe('examples', () => {
  test.each(EXAMPLES.map(e => [e.name, e] as const))('%s synthesizes to the reviewed YAML', (_name, example) => {
    // GIVEN
    const app = Testing.app();
    // WHEN
    example.build(app);
    // THEN (the setup file also validates the YAML against the Kubernetes 1.27 schema)
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test.each(EXAMPLES.map(e => [e.name, e] as const))('%s passes the deploy gate without --nodes (placement on the sample cluster only warns)', (_name, example) => {
    const app = Testing.app();
    example.build(app);
    const sourced = loadManifests(app.synthYaml()).map(object => ({ file: 'app.yaml', object }));
    const errors = checkManifests(sourced, ClusterInventory.sample(), { sampleCluster: true }).filter(f => f.severity === 'error');
    expect(errors.map(f => `${f.object} ${f.field}: ${f.problem}`)).toEqual([]);
  });

  test('node-exporter needs a privileged namespace, and the namespace enforces exactly that', () => {
    const app = Testing.app();
    const chart = new NodeExporterChart(app, 'node-exporter');
    const ns = Testing.synth(chart).find(o => o.kind === 'Namespace');
    expect(chart.exporter.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(chart.exporter.namespace).toBe('monitoring');
    const ds = Testing.synth(chart).find(o => o.kind === 'DaemonSet');
    expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(Placement.preview(Testing.synth(chart), ClusterInventory.sample()).daemonSets[0].desired).toBe(4);
  });

  test('fluentd reproduces the tutorial: host mounts, 200Mi memory, master toleration, 30 s grace period', () => {
    const chart = new FluentdChart(Testing.app(), 'fluentd');
    const ds = Testing.synth(chart).find(o => o.kind === 'DaemonSet');
    const pod = ds.spec.template.spec;
    expect(ds.metadata.namespace).toBe('kube-system');
    expect(pod.tolerations).toContainEqual({ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' });
    expect(pod.containers[0].resources).toEqual({ limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } });
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { name: 'varlog', mountPath: '/var/log' },
      { name: 'varlibdockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true },
    ]));
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
      { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers', type: '' } },
    ]));
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  test('vip-only: a dev-system daemon tolerating VIPOnly=true:NoExecute with operator Equal', () => {
    const chart = new VipOnlyChart(Testing.app(), 'vip-only');
    const ds = Testing.synth(chart).find(o => o.kind === 'DaemonSet');
    expect(ds.metadata.namespace).toBe('dev-system');
    expect(ds.spec.template.spec.tolerations).toEqual([{ key: 'VIPOnly', operator: 'Equal', value: 'true', effect: 'NoExecute' }]);
    expect(chart.agent.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('nginx: restricted, rolled by its ConfigMap, maxUnavailable 1 with minReadySeconds 10', () => {
    const chart = new NginxChart(Testing.app(), 'nginx');
    const ds = Testing.synth(chart).find(o => o.kind === 'DaemonSet');
    expect(chart.nginx.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(ds.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.minReadySeconds).toBe(10);
    expect(ds.spec.revisionHistoryLimit).toBe(5);
    expect(ds.spec.template.spec.initContainers[0].volumeMounts).toEqual([{ name: 'html', mountPath: '/html' }]);
  });

  test('reaching-pods: push, host port, headless DNS, NodePort 30010 and node-local routing', () => {
    const chart = new ReachingPodsChart(Testing.app(), 'reaching-pods');
    const objs = Testing.synth(chart);
    const named = (kind: string, name: string) => objs.find(o => o.kind === kind && o.metadata.name === name);
    // push: nothing exposed, no ports
    expect(objs.filter(o => o.kind === 'Service').map(o => o.metadata.name).sort()).toEqual(['node-cache-headless', 'trace-agent', 'web']);
    expect(named('DaemonSet', 'log-shipper').spec.template.spec.containers[0].ports).toBeUndefined();
    // host port
    expect(named('DaemonSet', 'node-api').spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, hostPort: 8010, protocol: 'TCP' }]);
    // headless DNS
    expect(named('Service', 'node-cache-headless').spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'dns', port: 5353, protocol: 'UDP', targetPort: 'dns' }] });
    // NodePort 30010
    expect(named('Service', 'web').spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', nodePort: 30010, port: 8080, targetPort: 'http' }] });
    // node-local routing behind a NetworkPolicy on the exposed port only
    expect(named('Service', 'trace-agent').spec.internalTrafficPolicy).toBe('Local');
    expect(named('NetworkPolicy', 'trace-agent').spec.ingress[0].ports).toEqual([{ port: 4317, protocol: 'TCP' }]);
  });

  test('hardware-variants: a GPU node, an arm64 node and the rest each run exactly one agent, and the Service reaches all', () => {
    // GIVEN the sample cluster with a GPU worker (tainted for GPU pods only) and an arm64 worker
    const chart = new HardwareVariantsChart(Testing.app(), 'hardware-variants');
    const cluster = ClusterInventory.sample()
      .withLabel('kind-worker', 'nvidia.com/gpu.present', 'true')
      .withLabel('kind-worker2', 'kubernetes.io/arch', 'arm64');

    // WHEN
    const manifests = Testing.synth(chart);
    const report = Placement.preview(manifests, cluster);

    // THEN
    expect(report.coverage).toEqual([{
      daemon: 'monitoring/node-agent',
      daemonSets: ['node-agent', 'node-agent-gpu', 'node-agent-arm64'],
      uncovered: [],
      overlapping: [],
    }]);
    const placed = (name: string) => report.daemonSets.find(d => d.name === name)!.nodes.filter(n => n.shouldRun).map(n => n.node);
    expect(placed('node-agent')).toEqual(['kind-control-plane', 'kind-worker3']);
    expect(placed('node-agent-gpu')).toEqual(['kind-worker']);
    expect(placed('node-agent-arm64')).toEqual(['kind-worker2']);
    const service = manifests.find(m => m.kind === 'Service');
    for (const ds of manifests.filter(m => m.kind === 'DaemonSet')) {
      expect(ds.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    }
  });

  test('adopted: both tutorial DaemonSets keep the selectors they run with', () => {
    const chart = new AdoptedChart(Testing.app(), 'adopted');
    const sets = Testing.synth(chart).filter(m => m.kind === 'DaemonSet');
    expect(sets.map(d => [d.metadata.name, d.spec.selector.matchLabels])).toEqual([
      ['fluentd-elasticsearch', { name: 'fluentd-elasticsearch' }],
      ['prometheus-daemonset', { name: 'prometheus-exporter', tier: 'monitoring' }],
    ]);
    expect(sets[1].spec.template.spec.containers[0].name).toBe('prometheus');
  });

  test('nginx: a NodePort on 30010 and a LoadBalancer on 8010, both to the http port', () => {
    const chart = new NginxChart(Testing.app(), 'nginx');
    const services = Testing.synth(chart).filter(m => m.kind === 'Service');
    expect(services.map(s => [s.metadata.name, s.spec.type, s.spec.ports[0].port, s.spec.ports[0].targetPort, s.spec.ports[0].nodePort]))
      .toEqual([['nginx', 'NodePort', 8080, 'http', 30010], ['nginx-load-balancer', 'LoadBalancer', 8010, 'http', undefined]]);
  });
});
