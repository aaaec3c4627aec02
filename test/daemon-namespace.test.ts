import { Testing } from 'cdk8s';
import { DaemonNamespace, NodeDaemon, PodSecurityLevel } from '../src';

const IMAGE = 'registry.k8s.io/pause:3.9';

function nsOf(manifests: any[]): any {
  return manifests.find(o => o.kind === 'Namespace');
}

describe('DaemonNamespace', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new DaemonNamespace(chart, 'DevSystem');
    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'ns', {
      name: 'dev-system',
      podSecurity: PodSecurityLevel.BASELINE,
      labels: { team: 'platform' },
      annotations: { 'example.com/owner': 'platform-team' },
    });
    new NodeDaemon(ns, 'agent', { image: IMAGE });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('name defaults to the construct id in kebab-case', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'DevSystem');
    expect(ns.name).toBe('dev-system');
    expect(nsOf(Testing.synth(chart)).metadata.name).toBe('dev-system');
  });

  test('daemons created inside take its name', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'dev-system');
    const d = new NodeDaemon(ns, 'agent', { image: IMAGE });
    expect(d.namespace).toBe('dev-system');
    const objs = Testing.synth(chart).filter(o => o.kind !== 'Namespace');
    expect(objs.map(o => o.metadata.namespace)).toEqual(['dev-system', 'dev-system']);
  });

  test('a daemon elsewhere whose namespace prop names it counts as in it', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'monitoring');
    const d = new NodeDaemon(chart, 'exporter', { image: IMAGE, namespace: 'monitoring', hostPID: true });
    expect(ns.daemons).toEqual([d]);
    expect(ns.enforcedLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('the Namespace comes before the daemons in the output', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'monitoring');
    new NodeDaemon(ns, 'agent', { image: IMAGE });
    expect(Testing.synth(chart)[0].kind).toBe('Namespace');
  });

  describe('enforce label', () => {
    test('an empty namespace enforces restricted', () => {
      const chart = Testing.chart();
      new DaemonNamespace(chart, 'empty');
      const labels = nsOf(Testing.synth(chart)).metadata.labels;
      expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    test('is the strictest level every daemon in it meets, computed at synth', () => {
      // GIVEN a restricted daemon
      const chart = Testing.chart();
      const ns = new DaemonNamespace(chart, 'logging');
      const d = new NodeDaemon(ns, 'agent', { image: IMAGE });
      expect(ns.enforcedLevel).toBe(PodSecurityLevel.RESTRICTED);
      // WHEN a second daemon runs as root (baseline) and the first gains a host path later (privileged)
      new NodeDaemon(ns, 'root-agent', { image: IMAGE, securityContext: { runAsUser: 0, runAsNonRoot: false } });
      expect(ns.enforcedLevel).toBe(PodSecurityLevel.BASELINE);
      d.addHostPathMount({ path: '/var/log' });
      // THEN
      const labels = nsOf(Testing.synth(chart)).metadata.labels;
      expect(labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    });

    test('warn and audit are restricted, and every level is pinned to v1.27', () => {
      const chart = Testing.chart();
      const ns = new DaemonNamespace(chart, 'monitoring');
      new NodeDaemon(ns, 'exporter', { image: IMAGE, hostNetwork: true });
      const labels = nsOf(Testing.synth(chart)).metadata.labels;
      expect(labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'v1.27',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.27',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.27',
      });
    });

    test('an explicit level is written as given', () => {
      const chart = Testing.chart();
      const ns = new DaemonNamespace(chart, 'monitoring', { podSecurity: PodSecurityLevel.PRIVILEGED });
      new NodeDaemon(ns, 'agent', { image: IMAGE });
      expect(nsOf(Testing.synth(chart)).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    });
  });

  describe('errors', () => {
    test('a daemon needing more privilege than an explicit level is a synth-time error naming both', () => {
      const chart = Testing.chart();
      const ns = new DaemonNamespace(chart, 'dev-system', { podSecurity: PodSecurityLevel.RESTRICTED });
      new NodeDaemon(ns, 'agent', { image: IMAGE, hostPID: true });
      expect(() => Testing.synth(chart)).toThrow(
        /\[test\/dev-system\] podSecurity = 'restricted': daemon 'test\/dev-system\/agent' needs 'privileged' \(hostPID=true.*namespace 'dev-system' would reject its pods\. Fix: raise podSecurity to PodSecurityLevel\.PRIVILEGED/,
      );
    });

    test('baseline namespace rejects a daemon that needs privileged but accepts one that runs as root', () => {
      const chart = Testing.chart();
      const ns = new DaemonNamespace(chart, 'dev-system', { podSecurity: PodSecurityLevel.BASELINE });
      new NodeDaemon(ns, 'root-agent', { image: IMAGE, securityContext: { runAsUser: 0, runAsNonRoot: false } });
      expect(() => Testing.synth(chart)).not.toThrow();
      new NodeDaemon(ns, 'logs', { image: IMAGE, hostPathMounts: [{ path: '/var/log' }] });
      expect(() => Testing.synth(chart)).toThrow(/daemon 'test\/dev-system\/logs' needs 'privileged' \(.*hostPath.*\)/);
    });

    test('invalid name', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'ns', { name: 'Dev_System' })).toThrow(
        /\[test\/ns\] name = 'Dev_System': must be a DNS-1123 label.*Fix: use lowercase letters/,
      );
    });

    test('invalid default name from the construct id', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'dev system!')).toThrow(/\[test\/dev system!\] name = 'dev-system!'.*Fix: pass name: '<a-dns-label>' \(the default comes from the construct id 'dev system!'\)/);
    });

    test('unknown podSecurity level', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'ns', { podSecurity: 'strict' as PodSecurityLevel })).toThrow(
        /\[test\/ns\] podSecurity = 'strict': is not a Pod Security level\. Fix: use PodSecurityLevel/,
      );
    });

    test('bad label key or value', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'a', { labels: { 'bad key': 'x' } })).toThrow(/\[test\/a\] labels\['bad key'\] = 'x': .*Fix:/);
      expect(() => new DaemonNamespace(chart, 'b', { labels: { team: 'not ok' } })).toThrow(/\[test\/b\] labels\['team'\] = 'not ok': .*Fix:/);
    });

    test('pod-security labels are managed', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'a', { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } })).toThrow(
        /\[test\/a\] labels\['pod-security.kubernetes.io\/enforce'\] = 'baseline': is managed by DaemonNamespace\. Fix: set the enforced level with the podSecurity prop/,
      );
    });

    test('bad annotation key', () => {
      const chart = Testing.chart();
      expect(() => new DaemonNamespace(chart, 'a', { annotations: { 'a/b/c': 'x' } })).toThrow(/\[test\/a\] annotations = 'a\/b\/c': annotation key must be a qualified name.*Fix:/);
    });
  });
});
