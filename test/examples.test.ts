import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { FluentdChart } from '../examples/fluentd';
import { NginxChart } from '../examples/nginx';
import { NodeExporterChart } from '../examples/node-exporter';
import { VipOnlyChart } from '../examples/vip-only';
import { PodSecurityLevel } from '../src';

describe('examples', () => {
  test.each(EXAMPLES.map(e => [e.name, e] as const))('%s synthesizes to the reviewed YAML', (_name, example) => {
    // GIVEN
    const app = Testing.app();
    // WHEN
    example.build(app);
    // THEN (the setup file also validates the YAML against the Kubernetes 1.27 schema)
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('node-exporter needs a privileged namespace, and the namespace enforces exactly that', () => {
    const app = Testing.app();
    const chart = new NodeExporterChart(app, 'node-exporter');
    const ns = Testing.synth(chart).find(o => o.kind === 'Namespace');
    expect(chart.exporter.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(chart.exporter.namespace).toBe('monitoring');
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
});
