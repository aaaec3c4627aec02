import { createHash } from 'crypto';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { DaemonNamespace, NodeDaemon, NodeDaemonProps, PodSecurityLevel } from '../../src';
import { daemonError, daemonSetOf, IMAGE, podSpecOf } from '../scheduling/helpers';

const ANNOTATION = 'checksum/config';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The pod template annotations of the one DaemonSet. */
const podAnnotationsOf = (manifests: any[]): { [key: string]: string } | undefined => daemonSetOf(manifests).spec.template.metadata.annotations;

/** The config checksum of the one DaemonSet, or undefined. */
const checksumOf = (manifests: any[]): string | undefined => podAnnotationsOf(manifests)?.[ANNOTATION];

/**
 * A fresh app with one chart (`test`) holding a kplus ConfigMap (id `Config`, data as given) mounted by a
 * daemon (id `Daemon`) at /etc/agent; returns the synthesized manifests.
 */
function synthWithConfig(data: { [key: string]: string }, props: Partial<NodeDaemonProps> = {}): any[] {
  const chart = Testing.chart();
  const cm = new kplus.ConfigMap(chart, 'Config', { data });
  new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }], ...props });
  return Testing.synth(chart);
}

describe('a ConfigMap defined in the same app', () => {
  test('a kplus.ConfigMap mounted via configMapVolumes puts a 64-hex checksum on the pod template', () => {
    // WHEN
    const manifests = synthWithConfig({ 'agent.yaml': 'interval: 15s' });

    // THEN
    expect(checksumOf(manifests)).toMatch(SHA256_HEX);
  });

  test('the checksum is on the pod template, not on the DaemonSet metadata', () => {
    // WHEN
    const ds = daemonSetOf(synthWithConfig({ 'agent.yaml': 'interval: 15s' }));

    // THEN
    expect(ds.metadata.annotations?.[ANNOTATION]).toBeUndefined();
    expect(ds.spec.template.metadata.annotations[ANNOTATION]).toMatch(SHA256_HEX);
  });

  test('a raw k8s.KubeConfigMap referenced by name counts', () => {
    // GIVEN
    const chart = Testing.chart();
    new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'agent-config' }, data: { 'agent.yaml': 'interval: 15s' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toMatch(SHA256_HEX);
  });

  test('a plain ApiObject of kind ConfigMap counts, and gives the same checksum as a KubeConfigMap with the same data', () => {
    // GIVEN
    const synth = (define: (chart: Chart) => void) => {
      const chart = Testing.chart();
      define(chart);
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });
      return checksumOf(Testing.synth(chart));
    };

    // WHEN
    const fromApiObject = synth(chart => new ApiObject(chart, 'Raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent-config' }, data: { a: '1' } }));
    const fromKube = synth(chart => new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'agent-config' }, data: { a: '1' } }));

    // THEN
    expect(fromApiObject).toMatch(SHA256_HEX);
    expect(fromApiObject).toBe(fromKube);
  });

  test('data added to the ConfigMap after the daemon was made counts', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });
    const before = checksumOf(Testing.synth(chart));

    // WHEN
    cm.addData('b', '2');

    // THEN
    expect(checksumOf(Testing.synth(chart))).not.toBe(before);
    expect(checksumOf(Testing.synth(chart))).toBe(checksumOf(synthWithConfig({ a: '1', b: '2' })));
  });

  test('user pod annotations are kept beside the checksum', () => {
    // WHEN
    const annotations = podAnnotationsOf(synthWithConfig({ a: '1' }, { podAnnotations: { 'prometheus.io/scrape': 'true' } }));

    // THEN
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', [ANNOTATION]: expect.stringMatching(SHA256_HEX) });
  });
});

describe('determinism', () => {
  test('the same data in a fresh app gives the same checksum', () => {
    // WHEN
    const first = checksumOf(synthWithConfig({ 'agent.yaml': 'interval: 15s', 'level': 'info' }));
    const second = checksumOf(synthWithConfig({ 'agent.yaml': 'interval: 15s', 'level': 'info' }));

    // THEN
    expect(first).toMatch(SHA256_HEX);
    expect(second).toBe(first);
  });

  test('the checksum does not depend on the order keys were added', () => {
    // WHEN
    const ab = checksumOf(synthWithConfig({ a: '1', b: '2' }));
    const ba = checksumOf(synthWithConfig({ b: '2', a: '1' }));

    // THEN
    expect(ba).toBe(ab);
  });

  test('the checksum of raw objects does not depend on key order either', () => {
    // GIVEN
    const synth = (data: { [key: string]: string }) => {
      const chart = Testing.chart();
      new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'agent-config' }, data });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth({ z: '26', a: '1' })).toBe(synth({ a: '1', z: '26' }));
  });

  test('the checksum does not depend on the order of the volumes', () => {
    // GIVEN
    const synth = (order: 'cs' | 'sc') => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
      const secret = new kplus.Secret(chart, 'Secret', { stringData: { token: 't' } });
      const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE });
      const addCm = () => d.addConfigMapVolume({ name: 'config', configMap: cm });
      const addSecret = () => d.addSecretVolume({ name: 'secret', secret });
      if (order === 'cs') { addCm(); addSecret(); } else { addSecret(); addCm(); }
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth('sc')).toBe(synth('cs'));
  });

  test('the checksum of known data is pinned: a change here rolls every user\'s pods on upgrade', () => {
    // GIVEN
    const chart = Testing.chart();
    new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'agent-config' }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toBe('39add8c2822a0607f0e128c464e369ac6b7001dd618000a7ca05e57d63fa96d0');
  });

  test('the whole output is byte-identical across two syntheses', () => {
    // GIVEN
    const synth = () => {
      const app = new App();
      const chart = new Chart(app, 'test');
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }] });
      return app.synthYaml();
    };

    // THEN
    expect(synth()).toBe(synth());
  });
});

describe('what changes the checksum', () => {
  test('changed data gives a different checksum', () => {
    // WHEN
    const before = checksumOf(synthWithConfig({ 'agent.yaml': 'interval: 15s' }));
    const after = checksumOf(synthWithConfig({ 'agent.yaml': 'interval: 30s' }));

    // THEN
    expect(after).toMatch(SHA256_HEX);
    expect(after).not.toBe(before);
  });

  test('an added key gives a different checksum', () => {
    // THEN
    expect(checksumOf(synthWithConfig({ a: '1', b: '2' }))).not.toBe(checksumOf(synthWithConfig({ a: '1' })));
  });

  test('a renamed key with the same value gives a different checksum', () => {
    // THEN
    expect(checksumOf(synthWithConfig({ b: '1' }))).not.toBe(checksumOf(synthWithConfig({ a: '1' })));
  });

  test('labels of the ConfigMap do not change it (only data rolls the pods)', () => {
    // GIVEN
    const synth = (labels?: { [key: string]: string }) => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' }, metadata: { labels } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth({ team: 'platform' })).toBe(synth());
  });

  test('a ConfigMap the daemon does not use does not change it', () => {
    // GIVEN
    const synth = (otherData: string) => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
      new kplus.ConfigMap(chart, 'Other', { data: { x: otherData } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth('2')).toBe(synth('1'));
  });

  test('a changed Secret gives a different checksum', () => {
    // GIVEN
    const synth = (token: string) => {
      const chart = Testing.chart();
      const secret = new kplus.Secret(chart, 'Secret', { stringData: { token } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, secretVolumes: [{ name: 'secret', secret }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth('a')).toMatch(SHA256_HEX);
    expect(synth('b')).not.toBe(synth('a'));
  });
});

describe('env references feed the checksum', () => {
  test('EnvValue.fromConfigMap(cm, key) in the main container', () => {
    // GIVEN
    const synth = (level: string) => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { level } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, env: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(cm, 'level') } });
      return Testing.synth(chart);
    };

    // WHEN
    const manifests = synth('info');

    // THEN
    expect(checksumOf(manifests)).toMatch(SHA256_HEX);
    expect(checksumOf(synth('debug'))).not.toBe(checksumOf(manifests));
    expect(podSpecOf(manifests).volumes).toBeUndefined();
  });

  test('EnvValue.fromSecretValue({ secret, key }) in the main container', () => {
    // GIVEN
    const synth = (token: string) => {
      const chart = Testing.chart();
      const secret = new kplus.Secret(chart, 'Secret', { stringData: { token } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, env: { TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }) } });
      return Testing.synth(chart);
    };

    // THEN
    expect(checksumOf(synth('a'))).toMatch(SHA256_HEX);
    expect(checksumOf(synth('b'))).not.toBe(checksumOf(synth('a')));
  });

  test('addEnv after construction counts', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { level: 'info' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    d.addEnv('LOG_LEVEL', kplus.EnvValue.fromConfigMap(cm, 'level'));

    // THEN
    expect(checksumOf(Testing.synth(chart))).toMatch(SHA256_HEX);
  });

  test('env of a sidecar and of an init container counts', () => {
    // GIVEN
    const synth = (where: 'containers' | 'initContainers') => {
      const chart = Testing.chart();
      const cm = new kplus.ConfigMap(chart, 'Config', { data: { level: 'info' } });
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, [where]: [{ name: 'helper', image: 'busybox:1.36', env: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(cm, 'level') } }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(synth('containers')).toMatch(SHA256_HEX);
    expect(synth('initContainers')).toMatch(SHA256_HEX);
  });

  test('a ConfigMap used by both a volume and env counts once (same checksum as volume alone)', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }], env: { A: kplus.EnvValue.fromConfigMap(cm, 'a') } });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toBe(checksumOf(synthWithConfig({ a: '1' })));
  });
});

describe('Secret volumes', () => {
  test('render with secretName and defaultMode 0400, mounted read-only, and feed the checksum', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { metadata: { name: 'agent-token' }, stringData: { token: 's3cr3t' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, secretVolumes: [{ name: 'token', secret, mountPath: '/var/run/agent' }] });

    // THEN
    const manifests = Testing.synth(chart);
    const spec = podSpecOf(manifests);
    expect(spec.volumes).toEqual([{ name: 'token', secret: { secretName: 'agent-token', defaultMode: 256 } }]);
    expect(spec.volumes[0].secret.defaultMode).toBe(0o400);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'token', mountPath: '/var/run/agent', readOnly: true }]);
    expect(checksumOf(manifests)).toMatch(SHA256_HEX);
  });

  test('the non-root containers can read the 0400 files: the pod fsGroup is the main container\'s group', () => {
    // GIVEN: secret files are root-owned unless the pod has an fsGroup; with one, the kubelet makes them
    // group-owned by it and group-readable (0440), and every container gets it as a supplementary group
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { stringData: { token: 's3cr3t' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, secretVolumes: [{ name: 'token', secret, mountPath: '/var/run/agent' }] });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.containers[0].securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534 });
    expect(spec.securityContext).toEqual({ fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('the fsGroup follows the main container\'s runAsGroup, also for addSecretVolume', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { stringData: { token: 's3cr3t' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE, securityContext: { runAsUser: 1000, runAsGroup: 2000 } });

    // WHEN
    d.addSecretVolume({ name: 'token', secret, mountPath: '/var/run/agent' });

    // THEN
    expect(podSpecOf(Testing.synth(chart)).securityContext.fsGroup).toBe(2000);
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('without Secret volumes no fsGroup is written (ConfigMap files are 0644, readable by all)', () => {
    // WHEN
    const spec = podSpecOf(synthWithConfig({ a: '1' }));

    // THEN
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('addSecretVolume after construction counts', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { stringData: { token: 's3cr3t' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    d.addSecretVolume({ name: 'token', secret });

    // THEN
    const manifests = Testing.synth(chart);
    expect(podSpecOf(manifests).volumes).toEqual([{ name: 'token', secret: { secretName: secret.name, defaultMode: 256 } }]);
    expect(checksumOf(manifests)).toMatch(SHA256_HEX);
  });

  test('a Secret referenced only by name that the app does not define gives no annotation', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, secretVolumes: [{ name: 'token', secret: kplus.Secret.fromSecretName(chart, 'Ref', 'made-elsewhere') }] });

    // THEN
    const manifests = Testing.synth(chart);
    expect(podAnnotationsOf(manifests)).toBeUndefined();
    expect(podSpecOf(manifests).volumes).toEqual([{ name: 'token', secret: { secretName: 'made-elsewhere', defaultMode: 256 } }]);
  });

  test('a ConfigMap and a Secret with the same name are told apart', () => {
    // GIVEN
    const synth = (withSecret: boolean) => {
      const chart = Testing.chart();
      new k8s.KubeConfigMap(chart, 'Cm', { metadata: { name: 'agent' }, data: { a: '1' } });
      if (withSecret) { new k8s.KubeSecret(chart, 'Secret', { metadata: { name: 'agent' }, stringData: { a: '1' } }); }
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent') }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN: the Secret is not used by the daemon, so it does not feed the checksum
    expect(synth(true)).toBe(synth(false));
  });
});

describe('what does not count', () => {
  test('no ConfigMap or Secret: no annotations at all', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // THEN
    expect(podAnnotationsOf(Testing.synth(chart))).toBeUndefined();
  });

  test('a ConfigMap referenced only by name that the app does not define gives no annotation', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'made-elsewhere'), mountPath: '/etc/agent' }] });

    // THEN
    const manifests = Testing.synth(chart);
    expect(podAnnotationsOf(manifests)).toBeUndefined();
    expect(podSpecOf(manifests).volumes).toEqual([{ name: 'config', configMap: { name: 'made-elsewhere' } }]);
  });

  test('a ConfigMap the app defines but the daemon does not use gives no annotation', () => {
    // GIVEN
    const chart = Testing.chart();
    new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // THEN
    expect(podAnnotationsOf(Testing.synth(chart))).toBeUndefined();
  });

  test('a ConfigMap with the same name in another namespace is ignored when the daemon\'s namespace has its own', () => {
    // GIVEN
    const synth = (withOther: boolean, withOwn: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'monitoring' });
      if (withOther) { new k8s.KubeConfigMap(chart, 'Other', { metadata: { name: 'agent-config', namespace: 'kube-system' }, data: { a: 'other' } }); }
      if (withOwn) { new k8s.KubeConfigMap(chart, 'Own', { metadata: { name: 'agent-config' }, data: { a: '1' } }); }
      new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });
      return checksumOf(Testing.synth(chart));
    };

    // THEN
    expect(() => synth(true, false)).toThrow(
      /\[test\/Daemon\] configMapVolumes = 'agent-config': names a ConfigMap this app defines in namespace 'kube-system', but the daemon runs in 'monitoring'.*Fix: define the ConfigMap in the daemon's namespace/);
    expect(synth(false, true)).toMatch(SHA256_HEX);
    expect(synth(true, true)).toBe(synth(false, true));
  });

  test('a ConfigMap the app defines only in another namespace than the daemon\'s is a synth-time error (the pod could never start)', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config', namespace: 'default' }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'monitoring', configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/configMapVolumes = 'agent-config': names a ConfigMap this app defines in namespace 'default', but the daemon runs in 'monitoring'/);
  });

  test('a ConfigMap in the daemon\'s namespace prop counts', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config', namespace: 'monitoring' }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'monitoring', configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toMatch(SHA256_HEX);
  });
});

describe('inside a DaemonNamespace', () => {
  test('a ConfigMap given the DaemonNamespace\'s name as namespace counts', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'Monitoring');
    const cm = new kplus.ConfigMap(ns, 'Config', { metadata: { namespace: ns.name }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(ns, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    const manifests = Testing.synth(chart);
    expect(daemonSetOf(manifests).metadata.namespace).toBe('monitoring');
    expect(checksumOf(manifests)).toMatch(SHA256_HEX);
  });
});

describe('across charts of one app', () => {
  test('a ConfigMap in another chart of the same app counts', () => {
    // GIVEN
    const app = Testing.app();
    const configChart = new Chart(app, 'config');
    const daemonChart = new Chart(app, 'daemons');
    const cm = new kplus.ConfigMap(configChart, 'Config', { data: { a: '1' } });

    // WHEN
    new NodeDaemon(daemonChart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    expect(checksumOf(Testing.synth(daemonChart))).toMatch(SHA256_HEX);
  });

  test('a ConfigMap in another chart with the same namespace counts; with another namespace it is an error', () => {
    // GIVEN
    const synth = (configNamespace: string) => {
      const app = Testing.app();
      const configChart = new Chart(app, 'config', { namespace: configNamespace });
      const daemonChart = new Chart(app, 'daemons', { namespace: 'monitoring' });
      new k8s.KubeConfigMap(configChart, 'Config', { metadata: { name: 'agent-config' }, data: { a: '1' } });
      new NodeDaemon(daemonChart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(daemonChart, 'Ref', 'agent-config') }] });
      return checksumOf(Testing.synth(daemonChart));
    };

    // THEN
    expect(synth('monitoring')).toMatch(SHA256_HEX);
    expect(() => synth('logging')).toThrow(/names a ConfigMap this app defines in namespace 'logging', but the daemon runs in 'monitoring'/);
  });

  test('a ConfigMap in another app does not count', () => {
    // GIVEN
    const otherChart = Testing.chart();
    const cm = new kplus.ConfigMap(otherChart, 'Config', { metadata: { name: 'agent-config' }, data: { a: '1' } });
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    expect(podAnnotationsOf(Testing.synth(chart))).toBeUndefined();
  });
});

describe('ConfigMap volumes', () => {
  test('the volume renders configMap.name and the main container mounts it read-only at mountPath', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config' }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }] });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.volumes).toEqual([{ name: 'config', configMap: { name: 'agent-config' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/agent', readOnly: true }]);
  });

  test('without mountPath the volume is declared but the main container does not mount it', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config' }, data: { a: '1' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.volumes).toEqual([{ name: 'config', configMap: { name: 'agent-config' } }]);
    expect(spec.containers[0].volumeMounts).toBeUndefined();
  });

  test('addConfigMapVolume after construction renders, mounts and counts for the checksum', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    d.addConfigMapVolume({ name: 'config', configMap: cm, mountPath: '/etc/agent' });

    // THEN
    const manifests = Testing.synth(chart);
    expect(podSpecOf(manifests).volumes).toEqual([{ name: 'config', configMap: { name: cm.name } }]);
    expect(podSpecOf(manifests).containers[0].volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/agent', readOnly: true }]);
    expect(checksumOf(manifests)).toBe(checksumOf(synthWithConfig({ a: '1' })));
  });

  test('a sidecar mounts it by volume name, read-only', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'agent-config' }, data: { a: '1' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // WHEN
    d.addContainer({ name: 'reloader', image: 'jimmidyson/configmap-reload:v0.9.0', volumeMounts: [{ volume: 'config', mountPath: '/etc/config' }] });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/config', readOnly: true }]);
  });

  test('an init container mounts a Secret volume by name, read-only', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { metadata: { name: 'agent-token' }, stringData: { t: 'x' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      secretVolumes: [{ name: 'token', secret }],
      initContainers: [{ name: 'setup', image: 'busybox:1.36', volumeMounts: [{ volume: 'token', mountPath: '/token' }] }],
    });

    // THEN
    expect(podSpecOf(Testing.synth(chart)).initContainers[0].volumeMounts).toEqual([{ name: 'token', mountPath: '/token', readOnly: true }]);
  });

  test('a mountPath already used by a host path is an error', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });

    // THEN
    expect(() => new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      hostPathMounts: [{ path: '/etc/agent' }],
      configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }],
    })).toThrow(daemonError('configMapVolumes[0].mountPath', '\'/etc/agent\'', 'is already a mount path'));
  });

  test('a sidecar mounting a config volume the daemon does not declare fails at synth', () => {
    // GIVEN
    const chart = Testing.chart();
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, containers: [{ name: 'reloader', image: 'jimmidyson/configmap-reload:v0.9.0', volumeMounts: [{ volume: 'config', mountPath: '/etc/config' }] }] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(daemonError('containers[0].volumeMounts[0].volume', '\'config\'', 'names no volume of the daemon'));
  });

  test('a volume name used twice is an error', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: cm }] });

    // WHEN
    d.addConfigMapVolume({ name: 'config', configMap: cm });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(daemonError('configMapVolumes[1].name', '\'config\'', 'is the name of another volume of the pod'));
  });

  test('a relative mountPath is an error', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', { stringData: { t: 'x' } });

    // THEN
    expect(() => new NodeDaemon(chart, 'Daemon', { image: IMAGE, secretVolumes: [{ name: 'token', secret, mountPath: 'token' }] }))
      .toThrow(daemonError('secretVolumes[0].mountPath', '\'token\'', 'must be an absolute path'));
  });
});

describe('the checksum annotation belongs to the library', () => {
  test('podAnnotations[\'checksum/config\'] is an error', () => {
    // THEN
    expect(() => new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, podAnnotations: { [ANNOTATION]: 'abc' } }))
      .toThrow(daemonError('podAnnotations[\'checksum/config\']', '\'abc\'', 'is computed by cdk8s-daemons from the ConfigMaps and Secrets the pods use'));
  });

  test('addPodAnnotation(\'checksum/config\', ...) is an error, and nothing is added', () => {
    // GIVEN
    const chart = Testing.chart();
    const d = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // THEN
    expect(() => d.addPodAnnotation(ANNOTATION, 'abc')).toThrow(daemonError('podAnnotations[\'checksum/config\']', '\'abc\'', 'is computed by cdk8s-daemons'));
    expect(podAnnotationsOf(Testing.synth(chart))).toBeUndefined();
  });
});

describe('Pod Security', () => {
  test('configMap and secret volumes keep the daemon RESTRICTED', () => {
    // GIVEN
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: '1' } });
    const secret = new kplus.Secret(chart, 'Secret', { stringData: { t: 'x' } });

    // WHEN
    const d = new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      configMapVolumes: [{ name: 'config', configMap: cm, mountPath: '/etc/agent' }],
      secretVolumes: [{ name: 'token', secret, mountPath: '/var/run/agent' }],
      env: { LEVEL: kplus.EnvValue.fromConfigMap(cm, 'a') },
    });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(d.podSecurityViolations).toEqual([]);
  });
});

describe('config the pod can never reach', () => {
  test('an env reference to a Secret the app defines only in another namespace names the env var', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Token', { metadata: { name: 'agent-token', namespace: 'default' }, stringData: { token: 'x' } });

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'monitoring', env: { TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }) } });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Daemon\] env\['TOKEN'\] = 'agent-token': names a Secret this app defines in namespace 'default', but the daemon runs in 'monitoring'.*Fix: define the Secret in the daemon's namespace/);
  });
});

describe('the exact value (issue 23: the canonical form, not a second run)', () => {
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

  test('SHA-256 of [{ id, data }] with the keys sorted, whatever order the data was given in', () => {
    // GIVEN keys in reverse order
    const chart = Testing.chart();
    new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'agent-config' }, data: { 'b.yaml': '2', 'a.yaml': '1' } });
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, configMapVolumes: [{ name: 'config', configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'agent-config') }] });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toBe(sha256('[{"id":"ConfigMap/agent-config","data":{"data":{"a.yaml":"1","b.yaml":"2"}}}]'));
  });

  test('several references: sorted by kind and name, each once, binaryData and immutable included', () => {
    // GIVEN a Secret and a ConfigMap, the ConfigMap referenced twice
    const chart = Testing.chart();
    new k8s.KubeSecret(chart, 'Creds', { metadata: { name: 'creds' }, stringData: { token: 't' } });
    new k8s.KubeConfigMap(chart, 'Raw', { metadata: { name: 'z-config' }, binaryData: { blob: 'AA==' }, immutable: true });
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'z-config');
    new NodeDaemon(chart, 'Daemon', {
      image: IMAGE,
      secretVolumes: [{ name: 'creds', secret: kplus.Secret.fromSecretName(chart, 'SecretRef', 'creds'), mountPath: '/creds' }],
      configMapVolumes: [{ name: 'a', configMap: cm, mountPath: '/a' }, { name: 'b', configMap: cm, mountPath: '/b' }],
    });

    // THEN
    expect(checksumOf(Testing.synth(chart))).toBe(sha256(
      '[{"id":"ConfigMap/z-config","data":{"binaryData":{"blob":"AA=="},"immutable":true}},{"id":"Secret/creds","data":{"stringData":{"token":"t"}}}]'));
  });
});
