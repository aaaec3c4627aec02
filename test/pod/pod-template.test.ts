/**
 * Issue 23: the pod template's helpers called directly, each branch and message whole: volume names
 * derived from node paths, annotation and label checks.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppArmorProfile, HostPathSharing, NodeDaemon, NodeDaemonProps } from '../../src';
import { annotationProblems, hostPathVolumeName, labelProblems, podSettingProblems } from '../../src/pod/pod-template';

describe('host-path volume names', () => {
  test('the name given wins; else host- and the path in lower-case kebab-case; the root (or no letter at all) is host-root', () => {
    expect(hostPathVolumeName({ path: '/var/log', name: 'logs' })).toBe('logs');
    expect(hostPathVolumeName({ path: '/var/log', name: '' })).toBe('');
    expect(['/var/log', '/Var//LOG/x/', '/run/containerd/containerd.sock', '/', '///', '/_._/', 'rel/9'].map(path => hostPathVolumeName({ path })))
      .toEqual(['host-var-log', 'host-var-log-x', 'host-run-containerd-containerd-sock', 'host-root', 'host-root', 'host-root', 'host-rel-9']);
  });
});

describe('annotations', () => {
  test('keys are checked in lower case, as the API server does: an upper-case key is accepted, a bad one named', () => {
    expect(annotationProblems('podAnnotations', { 'Example.COM/Owner': 'me', 'plain': '' })).toEqual([]);
    expect(annotationProblems('podAnnotations', undefined)).toEqual([]);
    expect(annotationProblems('podAnnotations', { 'bad key': 'v' })).toEqual([{
      prop: 'podAnnotations', value: 'bad key', problem: expect.stringMatching(/^annotation key has a name part 'bad key'/), fix: 'use a key such as \'example.com/owner\'',
    }]);
  });

  test('the total counts keys and values: 262144 bytes accepted, one more refused with its size', () => {
    expect(annotationProblems('a', { k: 'v'.repeat(262143) })).toEqual([]);
    expect(annotationProblems('a', { k: 'v'.repeat(262142), l: '' })).toEqual([]);
    expect(annotationProblems('a', { k: 'v'.repeat(262143), l: '' })).toEqual([{
      prop: 'a', value: '262145 bytes', problem: 'annotations total 262145 bytes, above the API server\'s limit of 262144 (256 KiB)', fix: 'keep large data in a ConfigMap and reference it',
    }]);
  });
});

describe('labels', () => {
  test('a bad key and a bad value are two problems, the value\'s under the key', () => {
    expect(labelProblems('labels', { 'team': 'a', 'example.com/tier': '' })).toEqual([]);
    expect(labelProblems('labels', undefined)).toEqual([]);
    expect(labelProblems('labels', { 'bad key': 'bad value' })).toEqual([
      { prop: 'labels', value: 'bad key', problem: expect.stringMatching(/^label key /), fix: 'use a key such as \'team\' or \'example.com/team\'' },
      { prop: 'labels[\'bad key\']', value: 'bad value', problem: expect.stringMatching(/^label value /), fix: 'use at most 63 letters, digits, \'-\', \'_\' or \'.\'' },
    ]);
  });
});

describe('mount propagation', () => {
  const synth = (props: Partial<NodeDaemonProps>) => () => Testing.synth(withDaemon(props));
  const withDaemon = (props: Partial<NodeDaemonProps>) => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', ...props });
    return chart;
  };
  test('a value that is none of the three is refused, on a host path and on a container\'s mount (JavaScript callers)', () => {
    expect(synth({ hostPathMounts: [{ path: '/var/lib/x', propagation: 'Sideways' as kplus.MountPropagation }] }))
      .toThrow('[test/agent] hostPathMounts[0].propagation = \'Sideways\': is not None, HostToContainer or Bidirectional (the API server refuses any other value). Fix: use a kplus.MountPropagation member');
    expect(synth({ emptyDirs: [{ name: 'cache' }], volumeMounts: [{ volume: 'cache', mountPath: '/cache', propagation: 'hostToContainer' as kplus.MountPropagation }] }))
      .toThrow(/volumeMounts\[0\]\.propagation = 'hostToContainer': is not None, HostToContainer or Bidirectional/);
    for (const ok of Object.values(kplus.MountPropagation).filter(p => p !== kplus.MountPropagation.BIDIRECTIONAL)) {
      expect(synth({ hostPathMounts: [{ path: '/var/lib/x', propagation: ok }] })).not.toThrow();
    }
  });
});

/** Issue 23: the survivors of the first StrykerJS run of pod-template, each with its whole message. */
describe('pod template rules, messages whole (StrykerJS survivors)', () => {
  const make = (props: Partial<NodeDaemonProps>, configure?: (d: NodeDaemon) => void) => () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', ...props });
    configure?.(d);
    return Testing.synth(chart);
  };
  const mountsOf = (manifests: any[], container: string) => manifests.find(m => m.kind === 'DaemonSet').spec.template.spec.containers.find((c: any) => c.name === container).volumeMounts;

  test('DNS settings: search domains with a trailing dot, a bad label anywhere, an empty option name', () => {
    const dns = (dnsConfig: any) => podSettingProblems({ dnsConfig });
    expect(dns({ searches: ['svc.cluster.local.', 'example.com'] })).toEqual([]);
    for (const bad of ['.example.com', 'good.Bad_Label', 'Bad_Label.good']) {
      expect(dns({ searches: [bad] })).toEqual([{ prop: 'dnsConfig.searches', value: bad, problem: 'is not a DNS domain (dot-separated DNS labels)', fix: 'give a DNS domain such as \'svc.cluster.local\'' }]);
    }
    expect(dns({ options: [{ name: 'ndots', value: '2' }, { name: '' }] })).toEqual([
      { prop: 'dnsConfig.options[1].name', value: '', problem: 'must not be empty', fix: 'name the resolver option, e.g. \'ndots\'' },
    ]);
    const many = Array.from({ length: 33 }, (_, i) => `d${i}.example.com`);
    expect(dns({ searches: many })).toEqual([{ prop: 'dnsConfig.searches', value: 33, problem: 'lists more than 32 search domains', fix: 'keep at most 32' }]);
    const long = Array.from({ length: 9 }, (_, i) => `${String(i).padEnd(63, 'a')}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(40)}`);
    const chars = long.join(' ').length;
    expect(dns({ searches: long }).filter(p => typeof p.value === 'string' && p.value.endsWith('characters'))).toEqual([{
      prop: 'dnsConfig.searches',
      value: `${chars} characters`,
      problem: `has ${chars} characters (spaces between domains included), above the API server's limit of 2048`,
      fix: 'list fewer or shorter search domains',
    }]);
  });

  test('a container mounting a volume by name: host paths and ConfigMaps and Secrets read-only unless said, emptyDirs writable', () => {
    const manifests = make({
      hostPathMounts: [{ path: '/var/log', name: 'varlog' }, { path: '/var/lib/agent', name: 'state', readOnly: false }],
      emptyDirs: [{ name: 'cache' }],
      configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(Testing.chart(), 'cm', 'agent-config') }],
      containers: [{
        name: 'sidecar',
        image: 'example.com/sidecar:1.0',
        volumeMounts: [{ volume: 'varlog', mountPath: '/logs' }, { volume: 'state', mountPath: '/state' }, { volume: 'cache', mountPath: '/cache' }, { volume: 'config', mountPath: '/config' }],
      }],
    })();
    expect(mountsOf(manifests, 'sidecar').map((m: any) => [m.name, m.readOnly ?? false])).toEqual([['varlog', true], ['state', false], ['cache', false], ['config', true]]);
  });

  test('a mount of no volume: the fix lists the volumes, sorted', () => {
    expect(make({ emptyDirs: [{ name: 'zeta' }, { name: 'alpha' }], volumeMounts: [{ volume: 'nope', mountPath: '/x' }] }))
      .toThrow('volumeMounts[0].volume = \'nope\': names no volume of the daemon. Fix: declare it with hostPathMounts, emptyDirs, configMapVolumes or secretVolumes (volumes: alpha, zeta)');
    expect(make({ volumeMounts: [{ volume: 'nope', mountPath: '/x' }] })).toThrow('(volumes: none)');
  });

  test('host path names: the fix says whether the name was derived', () => {
    expect(make({ hostPathMounts: [{ path: `/${'x'.repeat(70)}` }] })).toThrow(/hostPathMounts\[0\]\.name = 'host-x+': volume name .*\. Fix: pass a short name: the one derived from the path does not fit/);
    expect(make({ hostPathMounts: [{ path: '/var/log', name: 'Var_Log' }] })).toThrow(/hostPathMounts\[0\]\.name = 'Var_Log': volume name .*\. Fix: use a lowercase name such as 'varlog'/);
    expect(make({ configMapVolumes: [{ name: 'Conf', configMap: kplus.ConfigMap.fromConfigMapName(Testing.chart(), 'cm', 'c') }] }))
      .toThrow(/configMapVolumes\[0\]\.name = 'Conf': volume name .*\. Fix: use a lowercase name such as 'config'/);
  });

  test('sharing, the shared-paths annotation and AppArmor set twice: whole fixes', () => {
    expect(make({ hostPathMounts: [{ path: '/run/xtables.lock', sharing: HostPathSharing.LOCK }] }))
      .toThrow('hostPathMounts[0].sharing = \'lock\': is set on a read-only mount, which shares nothing (readers never clash). Fix: drop sharing, or mount it with readOnly: false');
    expect(make({ podAnnotations: { 'cdk8s-daemons.io/shared-host-paths': '/x' } }))
      .toThrow('podAnnotations[\'cdk8s-daemons.io/shared-host-paths\'] = \'/x\': is written by cdk8s-daemons from the host path mounts. Fix: set sharing on the hostPathMounts instead');
    expect(make({ securityContext: { appArmorProfile: AppArmorProfile.runtimeDefault() }, podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/agent': 'runtime/default' } }))
      .toThrow('sets the AppArmor profile of container \'agent\', which its securityContext.appArmorProfile sets too. Fix: set it in one place: securityContext.appArmorProfile');
  });

  test('a Secret volume of another namespace is named as a secretVolumes reference', () => {
    const chart = Testing.chart();
    new kplus.Secret(chart, 'creds', { metadata: { name: 'creds', namespace: 'elsewhere' } });
    new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', namespace: 'ops', secretVolumes: [{ name: 'creds', secret: kplus.Secret.fromSecretName(chart, 's', 'creds') }] });
    expect(() => Testing.synth(chart)).toThrow('[test/agent] secretVolumes = \'creds\': names a Secret this app defines in namespace \'elsewhere\', but the daemon runs in \'ops\'');
  });
});
