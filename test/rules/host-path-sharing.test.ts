/**
 * Host paths shared by design, by components of one application, or on purpose: no clash. Two
 * writers of anything else on the same nodes: a clash, for NodeDaemon and check alike.
 */
import * as fs from 'fs';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { ClusterInventory, HostPathSharing, NodeDaemon } from '../../src';
import { checkManifests } from '../../src/rules/check';
import { SHARED_BY_DESIGN, sharedPair } from '../../src/rules/host-path-sharing';
import { IMAGE } from '../scheduling/helpers';

/** A DaemonSet writing `paths`, with pod `labels` and `annotations`. */
function writer(name: string, paths: string[], labels: { [key: string]: string } = {}, annotations?: { [key: string]: string }): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels }, annotations },
        spec: {
          containers: [{ name, image: 'x:1', resources: { requests: { cpu: '1m' } }, volumeMounts: paths.map((p, i) => ({ name: `v${i}`, mountPath: p })) }],
          volumes: paths.map((p, i) => ({ name: `v${i}`, hostPath: { path: p } })),
        },
      },
    },
  };
}
const errorsOf = (...objects: any[]) => checkManifests(objects.map((object, i) => ({ file: `f${i}.yaml`, object })), ClusterInventory.sample())
  .filter(f => f.severity === 'error').map(f => `${f.object}: ${f.problem.replace(/ is also used by .*/, '')}`);

describe('paths shared by design', () => {
  test.each([
    ['the iptables lock', '/run/xtables.lock', '/run/xtables.lock'],
    ['the iptables lock through /var/run (a symlink to /run)', '/var/run/xtables.lock', '/run/xtables.lock'],
    ['the docker socket through /var/run', '/var/run/docker.sock', '/var/run/docker.sock'],
    ['bpffs', '/sys/fs/bpf', '/sys/fs/bpf'],
    ['/sys, and bpffs inside it', '/sys', '/sys/fs/bpf'],
    ['CNI binaries', '/opt/cni/bin', '/opt/cni/bin'],
    ['an installer writing all of /opt, and CNI binaries', '/opt', '/opt/cni/bin'],
    ['the kubelet dir and a CSI driver\'s plugin dir', '/var/lib/kubelet', '/var/lib/kubelet/plugins/ebs.csi.aws.com'],
    ['the plugin registry', '/var/lib/kubelet/plugins_registry', '/var/lib/kubelet/plugins_registry'],
    ['/dev', '/dev', '/dev'],
    ['/var/log and a program\'s own log dir', '/var/log', '/var/log/aws-routed-eni'],
  ])('%s: no clash', (_what, a, b) => {
    expect(sharedPair(a, b)).toBe(true);
    expect(errorsOf(writer('a', [a]), writer('b', [b]))).toEqual([]);
  });

  test.each([
    ['one CSI driver\'s plugin dir, twice', '/var/lib/kubelet/plugins/ebs.csi.aws.com'],
    ['one program\'s log dir, twice', '/var/log/agent'],
    ['a dir of nobody\'s design', '/var/lib/agent'],
  ])('%s: a clash', (_what, path) => {
    expect(sharedPair(path, path)).toBe(false);
    expect(errorsOf(writer('a', [path]), writer('b', [path]))).toEqual([`DaemonSet kube-system/b: host path ${path} (both write it)`]);
  });

  test('two CNIs writing /etc/cni/net.d: a clash that says why', () => {
    expect(errorsOf(writer('calico', ['/etc/cni/net.d']), writer('flannel', ['/etc/cni/net.d']))).toEqual([
      'DaemonSet kube-system/flannel: host path /etc/cni/net.d (both write a CNI configuration: the kubelet uses the first by name, so one of the two networks is not the pods\')',
    ]);
  });

  test('the table in docs/gitops.md is the rule\'s list, row by row: path, how, why, and where one writer owns each dir', () => {
    const doc = fs.readFileSync(join(__dirname, '..', '..', 'docs', 'gitops.md'), 'utf8');
    const rows = doc.split('\n').filter(l => /^\| `\//.test(l));
    expect(rows).toEqual(SHARED_BY_DESIGN.map(s => `| \`${s.path}\` | ${s.sharing} | ${s.why} |${s.ownedBelow ? ` \`${s.ownedBelow}\` ` : ' '}|`));
  });
});

describe('one application, or shared on purpose', () => {
  test('components of one application (same part-of, different names or components) share its dirs; two instances of one component do not', () => {
    const part = (name: string, component?: string) => ({ 'app.kubernetes.io/part-of': 'cilium', 'app.kubernetes.io/name': name, ...(component ? { 'app.kubernetes.io/component': component } : {}) });
    const path = ['/var/run/cilium/envoy/sockets'];
    expect(errorsOf(writer('agent', path, part('cilium-agent')), writer('envoy', path, part('cilium-envoy')))).toEqual([]);
    const hostPathErrors = (...objects: any[]) => errorsOf(...objects).filter(e => e.includes('host path'));
    expect(hostPathErrors(writer('agent', path, part('x-agent', 'agent')), writer('envoy', path, part('x-proxy', 'proxy')))).toEqual([]);
    expect(hostPathErrors(writer('a', path, part('x', 'agent')), writer('b', path, part('y', 'agent')))).toHaveLength(1);
    expect(hostPathErrors(writer('a', path, part('x')), writer('b', path, part('x')))).toHaveLength(1);
    expect(hostPathErrors(writer('a', path, { 'app.kubernetes.io/name': 'a' }), writer('b', path, { 'app.kubernetes.io/name': 'b' }))).toHaveLength(1);
  });

  test('NodeDaemon: sharing on a mount declares it (the annotation check reads), for either side', () => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'a', { image: IMAGE, hostPathMounts: [{ path: '/var/lib/shared/', readOnly: false, sharing: HostPathSharing.APPEND }] });
    new NodeDaemon(chart, 'b', { image: IMAGE, hostPathMounts: [{ path: '/var/lib/shared', readOnly: false }] });
    const sets = Testing.synth(chart).filter(m => m.kind === 'DaemonSet');
    expect(sets[0].spec.template.metadata.annotations).toEqual({ 'cdk8s-daemons.io/shared-host-paths': '/var/lib/shared=append' });
    expect(sets[1].spec.template.metadata.annotations).toBeUndefined();
    expect(errorsOf(...sets)).toEqual([]);
    // without the declaration, the same two clash, at synth and in check
    const plain = Testing.chart();
    new NodeDaemon(plain, 'a', { image: IMAGE, hostPathMounts: [{ path: '/var/lib/shared', readOnly: false }] });
    new NodeDaemon(plain, 'b', { image: IMAGE, hostPathMounts: [{ path: '/var/lib/shared', readOnly: false }] });
    expect(() => Testing.synth(plain)).toThrow(/hostPathMounts = 'host path \/var\/lib\/shared \(both write it\)'/);
  });

  test('sharing on a read-only mount, and the annotation by hand, are errors', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'a', { image: IMAGE, hostPathMounts: [{ path: '/run/app.lock', sharing: HostPathSharing.LOCK }] }))
      .toThrow(/hostPathMounts\[0\]\.sharing = 'lock': is set on a read-only mount, which shares nothing/);
    expect(() => new NodeDaemon(Testing.chart(), 'a', { image: IMAGE, podAnnotations: { 'cdk8s-daemons.io/shared-host-paths': '/x=lock' } }))
      .toThrow(/podAnnotations\['cdk8s-daemons\.io\/shared-host-paths'\] = '\/x=lock': is written by cdk8s-daemons from the host path mounts/);
    expect(() => new NodeDaemon(Testing.chart(), 'a', { image: IMAGE, hostPathMounts: [{ path: '/run/app.lock', readOnly: false, sharing: 'exclusive' as HostPathSharing }] }))
      .toThrow(/hostPathMounts\[0\]\.sharing = 'exclusive': is not a HostPathSharing\. Fix: use HostPathSharing\.LOCK or HostPathSharing\.APPEND/);
    expect(() => new NodeDaemon(Testing.chart(), 'a', { image: IMAGE, hostPathMounts: [{ path: '/run/app.lock', readOnly: true, sharing: HostPathSharing.APPEND }] }))
      .toThrow(/hostPathMounts\[0\]\.sharing = 'append': is set on a read-only mount/);
    const ok = Testing.chart();
    // given out of order: the annotation is sorted by path
    new NodeDaemon(ok, 'a', { image: IMAGE, hostPathMounts: [{ path: '/var/log/app', readOnly: false, sharing: HostPathSharing.APPEND }, { path: '/run/app.lock', readOnly: false, sharing: HostPathSharing.LOCK }] });
    expect(Testing.synth(ok).find(m => m.kind === 'DaemonSet').spec.template.metadata.annotations['cdk8s-daemons.io/shared-host-paths']).toBe('/run/app.lock=lock,/var/log/app=append');
  });
});
