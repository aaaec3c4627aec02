import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { NodeExporterChart } from '../examples/node-exporter';
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
});
