/**
 * The AppArmor pod annotation (Kubernetes 1.27): a typed place on the container, and the API
 * server's rule on raw annotations, in NodeDaemon and in `cdk8s-daemons check` alike.
 */
import { Testing } from 'cdk8s';
import { AppArmorProfile, ClusterInventory, NodeDaemon, PodSecurityLevel } from '../../src';
import { appArmorAnnotationProblems } from '../../src/pod/apparmor';
import { checkManifests } from '../../src/rules/check';
import { IMAGE } from '../scheduling/helpers';

const KEY = 'container.apparmor.security.beta.kubernetes.io/';

describe('AppArmorProfile on a container', () => {
  test('renders the pod annotation for each container with a profile, and nothing without one', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, securityContext: { appArmorProfile: AppArmorProfile.localhost('deny-write') } });
    d.addContainer({ name: 'proxy', image: IMAGE, securityContext: { appArmorProfile: AppArmorProfile.runtimeDefault() } });
    d.addContainer({ name: 'plain', image: IMAGE });
    const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');
    const annotations = ds.spec.template.metadata.annotations;
    expect(annotations[`${KEY}agent`]).toBe('localhost/deny-write');
    expect(annotations[`${KEY}proxy`]).toBe('runtime/default');
    expect(Object.keys(annotations).filter(k => k.startsWith(KEY))).toHaveLength(2);
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('unconfined is written too, and makes the pod privileged for Pod Security', () => {
    const d = new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, securityContext: { appArmorProfile: AppArmorProfile.unconfined() } });
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('a localhost profile needs a name: a string without spaces', () => {
    expect(() => AppArmorProfile.localhost('')).toThrow(/^\[AppArmorProfile\.localhost\] name = '': must be the name of a profile/);
    for (const spaced of ['deny write', ' p', 'p\t']) {
      expect(() => AppArmorProfile.localhost(spaced)).toThrow(/^\[AppArmorProfile\.localhost\] name = '.*': must be the name of a profile loaded on the node, without spaces/);
    }
    // from JavaScript, a value that is not a string is refused, not written as 'localhost/42'
    expect(() => AppArmorProfile.localhost(42 as any)).toThrow('[AppArmorProfile.localhost] name = 42: must be the name of a profile');
    expect(AppArmorProfile.localhost('p').value).toBe('localhost/p');
    expect(AppArmorProfile.localhost('k8s-apparmor-example-deny-write').value).toBe('localhost/k8s-apparmor-example-deny-write');
  });
});

describe('raw AppArmor annotations the API server refuses', () => {
  test('naming a container the pod does not have', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, podAnnotations: { [`${KEY}agnet`]: 'runtime/default' } }))
      .toThrow(/\[test\/agent\] podAnnotations\['container\.apparmor\.security\.beta\.kubernetes\.io\/agnet'\] = 'runtime\/default': names container 'agnet', which the pod does not have \('agent'\)/);
  });

  test('an init container counts as a container of the pod', () => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'agent', { image: IMAGE, initContainers: [{ name: 'setup', image: IMAGE }], podAnnotations: { [`${KEY}setup`]: 'runtime/default' } });
    expect(Testing.synth(chart).find(m => m.kind === 'DaemonSet').spec.template.metadata.annotations[`${KEY}setup`]).toBe('runtime/default');
  });

  test('a value that is not a profile, a localhost/ profile without a name; the three forms and the empty value accepted', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, podAnnotations: { [`${KEY}agent`]: 'docker/default' } }))
      .toThrow(/= 'docker\/default': is not an AppArmor profile: runtime\/default, unconfined or localhost\/<profile>/);
    for (const empty of ['localhost/', 'localhost/ \t']) {
      expect(() => new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, podAnnotations: { [`${KEY}agent`]: empty } }))
        .toThrow(/: names no profile after localhost\/: the kubelet refuses to start the pod \("invalid empty AppArmor profile name"\)\. Fix: /);
    }
    for (const bad of ['Localhost/x', 'localhostx', 'localhost', 'runtime/default ', ' unconfined']) {
      expect(() => new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, podAnnotations: { [`${KEY}agent`]: bad } })).toThrow(/is not an AppArmor profile/);
    }
    // the API server and the kubelet take an empty value (the runtime's default), and Pod Security's baseline allows it
    for (const ok of ['runtime/default', 'unconfined', 'localhost/x', 'localhost/ x', '']) {
      expect(() => new NodeDaemon(Testing.chart(), 'agent', { image: IMAGE, podAnnotations: { [`${KEY}agent`]: ok } })).not.toThrow();
    }
  });

  test('each refusal in whole: the containers the pod has, and the fix', () => {
    expect(appArmorAnnotationProblems({ [`${KEY}gone`]: 'bogus' }, ['a', 'b'], 'podAnnotations')).toEqual([
      {
        prop: `podAnnotations['${KEY}gone']`,
        value: 'bogus',
        problem: 'names container \'gone\', which the pod does not have (\'a\', \'b\'), and the API server refuses it ("container not found")',
        fix: 'set the profile on the container itself (securityContext.appArmorProfile), or name one of its containers',
      },
      {
        prop: `podAnnotations['${KEY}gone']`,
        value: 'bogus',
        problem: 'is not an AppArmor profile: runtime/default, unconfined or localhost/<profile>',
        fix: 'use AppArmorProfile.runtimeDefault(), .unconfined() or .localhost(name) on the container\'s securityContext',
      },
    ]);
    expect(() => AppArmorProfile.localhost('a b')).toThrow('[AppArmorProfile.localhost] name = \'a b\': must be the name of a profile loaded on the node, without spaces. Fix: give the profile\'s name, e.g. \'k8s-apparmor-example-deny-write\'');
  });

  test('a raw annotation added later, for a container whose profile is typed too', () => {
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'agent', { image: IMAGE, securityContext: { appArmorProfile: AppArmorProfile.runtimeDefault() } });
    d.addPodAnnotation(`${KEY}agent`, 'unconfined');
    expect(() => Testing.synth(chart)).toThrow(/sets the AppArmor profile of container 'agent', which its securityContext\.appArmorProfile sets too/);
  });

  test('every AppArmor annotation is judged, whatever other annotations come before it; a pod without containers names none', () => {
    const annotations = { 'a.example.com/first': 'x', [`${KEY}gone`]: 'docker/default', 'z.example.com/last': 'y' };
    expect(appArmorAnnotationProblems(annotations, ['agent'], 'podAnnotations').map(p => [p.prop, p.problem.replace(/ \(.*$/, '')])).toEqual([
      [`podAnnotations['${KEY}gone']`, 'names container \'gone\', which the pod does not have'],
      [`podAnnotations['${KEY}gone']`, 'is not an AppArmor profile: runtime/default, unconfined or localhost/<profile>'],
    ]);
    expect(appArmorAnnotationProblems({ [`${KEY}gone`]: '' }, [], 'podAnnotations').map(p => p.problem))
      .toEqual(['names container \'gone\', which the pod does not have (none), and the API server refuses it ("container not found")']);
    expect(appArmorAnnotationProblems({ [`${KEY}a`]: 'runtime/default' }, ['a', 'b'], 'podAnnotations')).toEqual([]);
    expect(appArmorAnnotationProblems(undefined, ['a'], 'podAnnotations')).toEqual([]);
  });

  test('check finds both in anybody\'s YAML', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'x', namespace: 'ops' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' }, annotations: { [`${KEY}gone`]: 'runtime/default', [`${KEY}x`]: 'docker/default' } },
          spec: { containers: [{ name: 'x', image: 'x:1', resources: { requests: { cpu: '10m' } } }] },
        },
      },
    };
    const findings = checkManifests([{ file: 'x.yaml', object: ds }], ClusterInventory.sample()).filter(f => f.field.includes('apparmor'));
    expect(findings.map(f => [f.severity, f.field, f.problem.replace(/ \(.*$/, '')])).toEqual([
      ['error', `spec.template.metadata.annotations['${KEY}gone']`, '"runtime/default" names container \'gone\', which the pod does not have'],
      ['error', `spec.template.metadata.annotations['${KEY}x']`, '"docker/default" is not an AppArmor profile: runtime/default, unconfined or localhost/<profile>'],
    ]);
    const valid = JSON.parse(JSON.stringify(ds));
    valid.spec.template.metadata.annotations = { [`${KEY}x`]: 'localhost/p' };
    expect(checkManifests([{ file: 'x.yaml', object: valid }], ClusterInventory.sample()).filter(f => f.field.includes('apparmor'))).toEqual([]);
    // an init container is a container of the pod too
    const init = JSON.parse(JSON.stringify(ds));
    init.spec.template.spec.initContainers = [{ name: 'setup', image: IMAGE }];
    init.spec.template.metadata.annotations = { [`${KEY}setup`]: 'runtime/default' };
    expect(checkManifests([{ file: 'x.yaml', object: init }], ClusterInventory.sample()).filter(f => f.field.includes('apparmor'))).toEqual([]);
  });
});
