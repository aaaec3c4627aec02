/**
 * Issue 20: the host-path and host-port rules on the kinds of node agent, from this project's own
 * fixtures (test/fixtures/node-agents.ts says which facts each one stands for): each agent alone and
 * realistic co-installations give no error; the true conflicts stay errors and say what they are; and
 * NodeDaemon judges the same mounts as `check` does.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterInventory, HostPathMount, NodeDaemon } from '../../src';
import { checkManifests } from '../../src/rules/check';
import { AgentSpec, agent, AGENTS } from '../fixtures/node-agents';
import { IMAGE } from '../scheduling/helpers';

/** The errors of `check` on the DaemonSets of `specs`, each in a file of its own, as `object field: problem`. */
function errorsOf(...specs: AgentSpec[]): string[] {
  return checkManifests(specs.map(s => ({ file: `${s.name}.yaml`, object: agent(s) })), ClusterInventory.sample())
    .filter(f => f.severity === 'error')
    .map(f => `${f.object} ${f.field}: ${f.problem}`);
}

const ALL: Array<[string, AgentSpec]> = [
  ['kube-proxy', AGENTS.kubeProxy()],
  ['a primary CNI', AGENTS.cni()],
  ['a CSI node plugin', AGENTS.csiNode('ebs.csi.aws.com')],
  ['a device plugin', AGENTS.devicePlugin()],
  ['a log collector', AGENTS.logCollector()],
  ['a node exporter', AGENTS.nodeExporter()],
  ['a security agent', AGENTS.securityAgent()],
  ['a node problem detector', AGENTS.problemDetector()],
];

describe('each kind of node agent alone', () => {
  test.each(ALL)('%s: no error', (_kind, spec) => {
    expect(errorsOf(spec)).toEqual([]);
  });
});

describe('co-installations that run on real clusters: no error', () => {
  test.each([
    ['kube-proxy and a CNI (both take the iptables lock, one through /var/run)', [AGENTS.kubeProxy(), AGENTS.cni()]],
    ['a CNI, two CSI drivers and a log collector', [AGENTS.cni(), AGENTS.csiNode('ebs.csi.aws.com'), AGENTS.csiNode('secrets-store.csi.k8s.io'), AGENTS.logCollector()]],
    ['a node exporter and a log collector', [AGENTS.nodeExporter(), AGENTS.logCollector()]],
    ['two log collectors, each with its own position store', [AGENTS.logCollector('fluent-bit'), AGENTS.logCollector('vector')]],
    ['every kind at once', ALL.map(([, spec]) => spec)],
  ])('%s', (_what, specs) => {
    expect(errorsOf(...specs)).toEqual([]);
  });
});

describe('true conflicts stay errors and say what they are', () => {
  test('two primary CNIs writing /etc/cni/net.d', () => {
    expect(errorsOf(AGENTS.cni('calico'), AGENTS.cni('flannel'))).toEqual([
      expect.stringMatching(/^DaemonSet kube-system\/flannel \S+: host path \/etc\/cni\/net\.d \(both write a CNI configuration: the kubelet uses the first by name/),
    ]);
  });

  test('two node plugins of one CSI driver (one socket dir)', () => {
    expect(errorsOf(AGENTS.csiNode('ebs.csi.aws.com', 'ebs-a'), AGENTS.csiNode('ebs.csi.aws.com', 'ebs-b'))).toEqual([
      expect.stringMatching(/^DaemonSet kube-system\/ebs-b \S+: host path \/var\/lib\/kubelet\/plugins\/ebs\.csi\.aws\.com \(both write it\)/),
    ]);
  });

  test('two log collectors sharing one position store', () => {
    expect(errorsOf(AGENTS.logCollector('fluent-bit', '/var/lib/logs-state'), AGENTS.logCollector('vector', '/var/lib/logs-state'))).toEqual([
      expect.stringMatching(/^DaemonSet logging\/vector \S+: host path \/var\/lib\/logs-state \(both write it\)/),
    ]);
  });

  test('two node exporters binding host port 9100 on the same nodes', () => {
    expect(errorsOf(AGENTS.nodeExporter('node-exporter'), { ...AGENTS.nodeExporter('other-exporter'), namespace: 'ops' })).toEqual([
      expect.stringMatching(/^DaemonSet ops\/other-exporter \S+: host port 9100\/TCP/),
    ]);
  });
});

describe('mount propagation', () => {
  test('Bidirectional (a CSI plugin\'s kubelet dir, a CNI\'s bpffs) needs a privileged container; HostToContainer does not', () => {
    // GIVEN the CSI plugin and the CNI without privilege
    const csi = { ...AGENTS.csiNode('ebs.csi.aws.com'), privileged: false };
    const cni = { ...AGENTS.cni(), privileged: false };
    // THEN each is refused, as the API server refuses it, naming the mount
    expect(errorsOf(csi)).toEqual(['DaemonSet kube-system/csi-ebs spec.template.spec.containers[0].volumeMounts[0].mountPropagation: "Bidirectional" Bidirectional mount propagation is only allowed in privileged containers']);
    expect(errorsOf(cni)).toEqual(['DaemonSet kube-system/cni spec.template.spec.containers[0].volumeMounts[4].mountPropagation: "Bidirectional" Bidirectional mount propagation is only allowed in privileged containers']);
    // AND the node exporter reads the root with HostToContainer, unprivileged
    expect(AGENTS.nodeExporter().privileged).toBeUndefined();
    expect(errorsOf(AGENTS.nodeExporter())).toEqual([]);
  });
});

describe('NodeDaemon judges the same mounts as check', () => {
  /** A NodeDaemon with the mounts of `spec` (writable mounts declared so). */
  function daemon(chart: Chart, spec: AgentSpec): NodeDaemon {
    const hostPathMounts: HostPathMount[] = spec.mounts.map(m => ({
      path: m.path,
      mountPath: m.path === '/' ? '/host/root' : m.path,
      readOnly: !m.write,
      propagation: m.propagation === 'Bidirectional' ? kplus.MountPropagation.BIDIRECTIONAL : m.propagation === 'HostToContainer' ? kplus.MountPropagation.HOST_TO_CONTAINER : undefined,
    }));
    return new NodeDaemon(chart, spec.name, {
      image: IMAGE,
      name: spec.name,
      namespace: spec.namespace ?? 'kube-system',
      hostNetwork: spec.hostNetwork,
      hostPathMounts,
      securityContext: spec.privileged ? { privileged: true } : undefined,
    });
  }

  test.each([
    ['kube-proxy and a CNI', [AGENTS.kubeProxy(), AGENTS.cni()], []],
    ['a CNI, two CSI drivers and a log collector', [AGENTS.cni(), AGENTS.csiNode('ebs.csi.aws.com'), AGENTS.csiNode('secrets-store.csi.k8s.io'), AGENTS.logCollector()], []],
    ['two primary CNIs', [AGENTS.cni('calico'), AGENTS.cni('flannel')], [/\/etc\/cni\/net\.d/]],
    ['two node plugins of one CSI driver', [AGENTS.csiNode('ebs.csi.aws.com', 'ebs-a'), AGENTS.csiNode('ebs.csi.aws.com', 'ebs-b')], [/\/var\/lib\/kubelet\/plugins\/ebs\.csi\.aws\.com/]],
  ])('%s', (_what, specs, expected) => {
    const chart = new Chart(Testing.app(), 'c');
    specs.forEach(s => daemon(chart, s));
    let result = 'ok';
    try { Testing.synth(chart); } catch (e) { result = (e as Error).message; }
    if (expected.length === 0) {
      expect(result).toBe('ok');
    } else {
      for (const e of expected) { expect(result).toMatch(e); }
    }
  });
});
