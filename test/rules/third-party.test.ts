/**
 * The deploy gate judged on DaemonSets nobody here wrote: real projects' published manifests in
 * ../shared/third-party-daemonsets (data of other projects: read from there, never copied into this
 * repository). CI has the folder; a clone without it skips these tests and says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterInventory } from '../../src';
import { checkManifests } from '../../src/rules/check';
import { loadManifests, parseText } from '../../src/rules/manifests';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'third-party-daemonsets');
const present = fs.existsSync(CORPUS);
if (!present) {
  // eslint-disable-next-line no-console
  console.log(`skipped: the third-party DaemonSets are not at ${CORPUS} (CI has them; a user's clone does not)`);
}
const files = present ? fs.readdirSync(CORPUS).filter(f => f.endsWith('.yaml')).sort() : [];

/** The errors of `check` on the files together, as `file: object: problem`. */
function errorsOf(...names: string[]): string[] {
  const sourced = names.flatMap(name => {
    const file = path.join(CORPUS, name);
    return loadManifests(parseText(fs.readFileSync(file, 'utf8'), file)).map(object => ({ file: name, object }));
  });
  return checkManifests(sourced, ClusterInventory.sample(), { sampleCluster: true })
    .filter(f => f.severity === 'error').map(f => `${f.file}: ${f.object}: ${f.problem}`);
}

const maybe = present ? describe : describe.skip;

maybe('real projects\' DaemonSets', () => {
  test('the corpus is there: 25 projects', () => {
    expect(files.length).toBe(25);
  });

  test.each(files)('%s alone: no error', file => {
    expect(errorsOf(file)).toEqual([]);
  });

  test.each([
    ['kube-proxy and a CNI', ['kube-proxy.yaml', 'calico-node.yaml']],
    ['kube-proxy and another CNI', ['kube-proxy.yaml', 'flannel.yaml']],
    ['EKS: aws-node, kube-proxy, the EBS CSI driver, fluent-bit', ['aws-node.yaml', 'kube-proxy.yaml', 'aws-ebs-csi-node.yaml', 'fluent-bit.yaml']],
    ['a CNI, CSI plugins and a log collector', ['calico-node.yaml', 'gcp-pd-csi-node.yaml', 'secrets-store-csi-driver.yaml', 'openebs-lvm-node.yaml', 'fluentd.yaml']],
    ['node-exporter and log collectors', ['node-exporter.yaml', 'fluent-bit.yaml', 'promtail.yaml', 'vector-agent.yaml']],
    ['cilium with its envoy and kube-proxy replacement, and node agents', ['cilium-kpr.yaml', 'node-problem-detector.yaml', 'kured.yaml', 'falco.yaml', 'datadog-agent.yaml']],
  ])('%s: no error', (_what, together) => {
    expect(errorsOf(...together)).toEqual([]);
  });

  test('true conflicts stay errors and say what they are', () => {
    // two primary CNIs
    expect(errorsOf('calico-node.yaml', 'flannel.yaml')).toEqual([
      expect.stringMatching(/^flannel\.yaml: DaemonSet kube-flannel\/kube-flannel-ds: host path \/etc\/cni\/net\.d \(both write a CNI configuration: the kubelet uses the first by name/),
    ]);
    // two node-exporters on one host port
    expect(errorsOf('node-exporter.yaml', 'prometheus-node-exporter.yaml')).toEqual([
      expect.stringMatching(/: host port 9100\/TCP is also used by DaemonSet monitoring\/node-exporter/),
    ]);
    // one object twice: two cilium installations
    expect(errorsOf('cilium.yaml', 'cilium-kpr.yaml').filter(e => e.includes('DaemonSet kube-system/cilium:'))).toEqual([
      'cilium-kpr.yaml: DaemonSet kube-system/cilium: is defined again (first in cilium.yaml): when applied, one overwrites the other, so only one of them runs',
    ]);
  });
});
