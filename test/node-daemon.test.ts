import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, NodeDaemon, NodeDaemonProps, PodSecurityLevel, Probe, ProbeScheme } from '../src';
import { synthOf } from './scheduling/helpers';

const IMAGE = 'quay.io/prometheus/node-exporter:v1.6.1';

/** Synthesizes one NodeDaemon (id `Daemon` unless given) in a fresh test chart. */
function synthDaemon(props: Partial<NodeDaemonProps> = {}, id = 'Daemon'): any[] {
  const chart = Testing.chart();
  new NodeDaemon(chart, id, { image: IMAGE, ...props });
  return Testing.synth(chart);
}

const byKind = (manifests: any[], kind: string): any => {
  const found = manifests.filter(m => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const daemonSetOf = (manifests: any[]): any => byKind(manifests, 'DaemonSet');
const serviceAccountOf = (manifests: any[]): any => byKind(manifests, 'ServiceAccount');
const podSpecOf = (manifests: any[]): any => daemonSetOf(manifests).spec.template.spec;
const mainOf = (manifests: any[]): any => podSpecOf(manifests).containers[0];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The shape of every input error of the library: `[<construct path>] <prop> = <value>: <problem>. Fix: <way out>`.
 * `value` is written as the message shows it (strings quoted, numbers bare); `problem` is the start of the problem text.
 */
function inputError(path: string, prop: string, value: string, problem: string): RegExp {
  return new RegExp(`\\[${escapeRegExp(path)}\\] ${escapeRegExp(prop)} = ${escapeRegExp(value)}: ${escapeRegExp(problem)}.*\\. Fix: \\S`);
}

/** An error for the daemon with id `Daemon` in the test chart. */
const daemonError = (prop: string, value: string, problem: string) => inputError('test/Daemon', prop, value, problem);

/** A thunk creating a daemon (id `Daemon`) with the given props, for `toThrow`. */
const create = (props: Partial<NodeDaemonProps>, id = 'Daemon') => () => new NodeDaemon(Testing.chart(), id, { image: IMAGE, ...props });

describe('snapshots', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'NodeExporter', { image: IMAGE });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NodeDaemon(chart, 'Agent', {
      image: 'example.com/node-agent:2.1.0',
      name: 'node-agent',
      namespace: 'monitoring',
      instance: 'node-agent-ssd',
      component: 'agent',
      partOf: 'observability',
      labels: { 'team': 'platform', 'example.com/tier': 'infra' },
      annotations: { 'example.com/owner': 'platform-team' },
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' },
      terminationGracePeriodSeconds: 60,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      dnsPolicy: kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET,
      hostPathMounts: [
        { path: '/proc', mountPath: '/host/proc', type: kplus.HostPathVolumeType.DIRECTORY },
        { path: '/var/lib/agent', name: 'state', readOnly: false, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE },
        { path: '/', mountPath: '/host/root', propagation: kplus.MountPropagation.HOST_TO_CONTAINER },
      ],
      emptyDirs: [
        { name: 'buffer', mountPath: '/buffer', medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: '64Mi' },
        { name: 'config' },
        { name: 'tmp' },
      ],
      containers: [{
        name: 'config-reloader',
        image: 'example.com/config-reloader:0.5.0',
        args: ['--watch=/config'],
        ports: [{ name: 'reloader', number: 9533 }],
        resources: { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' },
        volumeMounts: [{ volume: 'config', mountPath: '/config' }],
      }],
      initContainers: [{
        name: 'init-config',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo "level: info" > /config/agent.yaml'],
        volumeMounts: [{ volume: 'config', mountPath: '/config' }],
      }],
      automountServiceAccountToken: true,
      command: ['/bin/agent'],
      args: ['--path.procfs=/host/proc', '--config=/config/agent.yaml'],
      env: {
        LOG_LEVEL: kplus.EnvValue.fromValue('info'),
        NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP),
      },
      ports: [
        { name: 'metrics', number: 9100 },
        { name: 'syslog', number: 5514, protocol: kplus.Protocol.UDP },
      ],
      resources: {
        cpuRequest: '100m',
        cpuLimit: '500m',
        memoryRequest: '128Mi',
        memoryLimit: '256Mi',
        ephemeralStorageRequest: '100Mi',
        ephemeralStorageLimit: '1Gi',
      },
      livenessProbe: Probe.httpGet('/healthz', { port: 9100, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 5 }),
      readinessProbe: Probe.tcpSocket({ port: 9100, successThreshold: 2 }),
      imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      volumeMounts: [
        { volume: 'config', mountPath: '/config', readOnly: true },
        { volume: 'tmp', mountPath: '/tmp' },
      ],
      securityContext: {
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: ['SYS_PTRACE', 'DAC_READ_SEARCH'],
      },
      workingDir: '/var/lib/agent',
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

describe('name and namespace', () => {
  test('name defaults to the construct id in kebab-case', () => {
    // WHEN
    const manifests = synthDaemon({}, 'NodeExporter');

    // THEN
    expect(daemonSetOf(manifests).metadata.name).toBe('node-exporter');
    expect(serviceAccountOf(manifests).metadata.name).toBe('node-exporter');
    expect(mainOf(manifests).name).toBe('node-exporter');
    expect(podSpecOf(manifests).serviceAccountName).toBe('node-exporter');
    expect(daemonSetOf(manifests).metadata.labels['app.kubernetes.io/name']).toBe('node-exporter');
  });

  test('name names the DaemonSet, ServiceAccount, main container and the name label', () => {
    // WHEN
    const manifests = synthDaemon({ name: 'fluent-bit' });

    // THEN
    expect(daemonSetOf(manifests).metadata.name).toBe('fluent-bit');
    expect(serviceAccountOf(manifests).metadata.name).toBe('fluent-bit');
    expect(mainOf(manifests).name).toBe('fluent-bit');
    expect(podSpecOf(manifests).serviceAccountName).toBe('fluent-bit');
    expect(daemonSetOf(manifests).spec.selector.matchLabels['app.kubernetes.io/name']).toBe('fluent-bit');
  });

  test('the cdk8s path hash never appears in names', () => {
    // GIVEN
    const chart = Testing.chart();
    const group = new Construct(chart, 'Monitoring');

    // WHEN
    const daemon = new NodeDaemon(group, 'NodeExporter', { image: IMAGE });
    const manifests = Testing.synth(chart);

    // THEN
    expect(daemon.name).toBe('node-exporter');
    expect(manifests.map(m => m.metadata.name)).toEqual(['node-exporter', 'node-exporter']);
    expect(podSpecOf(manifests).serviceAccountName).toBe('node-exporter');
  });

  test('namespace prop sets the namespace of every object', () => {
    // WHEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, namespace: 'monitoring' });
    const manifests = Testing.synth(chart);

    // THEN
    expect(daemon.namespace).toBe('monitoring');
    expect(manifests.map(m => m.metadata.namespace)).toEqual(['monitoring', 'monitoring']);
  });

  test('namespace defaults to the chart namespace', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'observability' });

    // WHEN
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });
    const manifests = Testing.synth(chart);

    // THEN
    expect(daemon.namespace).toBe('observability');
    expect(manifests.map(m => m.metadata.namespace)).toEqual(['observability', 'observability']);
  });

  test('without a namespace anywhere, none is written', () => {
    // WHEN
    const manifests = synthDaemon();

    // THEN
    expect(manifests.map(m => m.metadata.namespace)).toEqual([undefined, undefined]);
  });

  test('namespace defaults to the enclosing DaemonNamespace, and may repeat its name', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'ns');

    // WHEN
    const inherited = new NodeDaemon(ns, 'A', { image: IMAGE });
    const repeated = new NodeDaemon(ns, 'B', { image: IMAGE, namespace: 'ns' });
    const manifests = Testing.synth(chart);

    // THEN
    expect(inherited.namespace).toBe('ns');
    expect(repeated.namespace).toBe('ns');
    expect(manifests.filter(m => m.kind !== 'Namespace').map(m => m.metadata.namespace)).toEqual(['ns', 'ns', 'ns', 'ns']);
  });
});

describe('labels, annotations and selector', () => {
  test('standard labels default from the name', () => {
    // WHEN
    const manifests = synthDaemon({ name: 'node-exporter' });

    // THEN
    expect(daemonSetOf(manifests).metadata.labels).toEqual({
      'app.kubernetes.io/name': 'node-exporter',
      'app.kubernetes.io/instance': 'node-exporter',
      'app.kubernetes.io/component': 'node-daemon',
      'app.kubernetes.io/part-of': 'node-exporter',
      'app.kubernetes.io/managed-by': 'cdk8s-daemons',
      'app.kubernetes.io/version': 'v1.6.1',
    });
  });

  test('instance, component and partOf set their labels; instance is in the selector', () => {
    // WHEN
    const manifests = synthDaemon({ name: 'fluentd', instance: 'fluentd-gpu', component: 'logging', partOf: 'observability' });

    // THEN
    const ds = daemonSetOf(manifests);
    for (const labels of [ds.metadata.labels, ds.spec.template.metadata.labels, serviceAccountOf(manifests).metadata.labels]) {
      expect(labels['app.kubernetes.io/instance']).toBe('fluentd-gpu');
      expect(labels['app.kubernetes.io/component']).toBe('logging');
      expect(labels['app.kubernetes.io/part-of']).toBe('observability');
    }
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'fluentd', 'app.kubernetes.io/instance': 'fluentd-gpu', 'cdk8s-daemons.io/variant': 'default' });
  });

  test('labels are on the ServiceAccount, the DaemonSet and the pod template, not in the selector', () => {
    // WHEN
    const manifests = synthDaemon({ labels: { 'team': 'platform', 'example.com/tier': 'infra' } });

    // THEN
    const ds = daemonSetOf(manifests);
    for (const labels of [serviceAccountOf(manifests).metadata.labels, ds.metadata.labels, ds.spec.template.metadata.labels]) {
      expect(labels).toMatchObject({ 'team': 'platform', 'example.com/tier': 'infra' });
    }
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'daemon', 'app.kubernetes.io/instance': 'daemon', 'cdk8s-daemons.io/variant': 'default' });
  });

  test('a label key that is an Object.prototype member name is an ordinary label', () => {
    // WHEN
    const manifests = synthDaemon({ labels: { toString: 'x', valueOf: 'y' } });

    // THEN
    expect(daemonSetOf(manifests).metadata.labels).toMatchObject({ toString: 'x', valueOf: 'y' });
  });

  test('annotations are on the ServiceAccount and the DaemonSet, not on the pods', () => {
    // WHEN
    const manifests = synthDaemon({ annotations: { 'example.com/owner': 'platform' } });

    // THEN
    expect(serviceAccountOf(manifests).metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(daemonSetOf(manifests).metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(daemonSetOf(manifests).spec.template.metadata.annotations).toBeUndefined();
  });

  test('podAnnotations are only on the pod template', () => {
    // WHEN
    const manifests = synthDaemon({ podAnnotations: { 'prometheus.io/scrape': 'true' } });

    // THEN
    expect(daemonSetOf(manifests).spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(daemonSetOf(manifests).metadata.annotations).toBeUndefined();
    expect(serviceAccountOf(manifests).metadata.annotations).toBeUndefined();
  });

  test('selector is app.kubernetes.io/name, instance and the variant label, and matches the template labels', () => {
    // WHEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, name: 'agent', labels: { team: 'a' }, component: 'c', partOf: 'p' });
    const ds = daemonSetOf(Testing.synth(chart));

    // THEN
    expect(ds.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent', 'cdk8s-daemons.io/variant': 'default' } });
    expect(daemon.daemonSetSelectorLabels).toEqual(ds.spec.selector.matchLabels);
    expect(daemon.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' });
    expect(ds.spec.template.metadata.labels).toMatchObject(ds.spec.selector.matchLabels);
  });

  test('selector does not change when the construct moves in the tree or the image changes', () => {
    // GIVEN
    const before = Testing.chart();
    new NodeDaemon(before, 'NodeExporter', { image: 'quay.io/prometheus/node-exporter:v1.6.1', name: 'node-exporter' });

    // WHEN
    const after = Testing.chart();
    const group = new Construct(after, 'Monitoring');
    new NodeDaemon(group, 'Exporter', { image: 'quay.io/prometheus/node-exporter:v1.7.0', name: 'node-exporter' });

    // THEN
    const selectorBefore = daemonSetOf(Testing.synth(before)).spec.selector;
    const selectorAfter = daemonSetOf(Testing.synth(after)).spec.selector;
    expect(selectorAfter).toEqual(selectorBefore);
    expect(selectorAfter).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter', 'cdk8s-daemons.io/variant': 'default' } });
  });
});

describe('DaemonSet spec', () => {
  test('updateStrategy, revisionHistoryLimit and minReadySeconds are written out', () => {
    // WHEN
    const ds = daemonSetOf(synthDaemon());

    // THEN
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.spec.minReadySeconds).toBe(0);
  });

  test('restartPolicy is Always and the pods run with the RuntimeDefault seccomp profile', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon());

    // THEN
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.activeDeadlineSeconds).toBeUndefined();
  });

  test('terminationGracePeriodSeconds defaults to 30', () => {
    expect(podSpecOf(synthDaemon()).terminationGracePeriodSeconds).toBe(30);
  });

  test('terminationGracePeriodSeconds is written as given', () => {
    expect(podSpecOf(synthDaemon({ terminationGracePeriodSeconds: 120 })).terminationGracePeriodSeconds).toBe(120);
    expect(podSpecOf(synthDaemon({ terminationGracePeriodSeconds: 0 })).terminationGracePeriodSeconds).toBe(0);
  });
});

describe('host access', () => {
  test('no host namespaces by default, dnsPolicy ClusterFirst', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({ ports: [{ name: 'metrics', number: 9100 }] }));

    // THEN
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.hostPID).toBeUndefined();
    expect(spec.hostIPC).toBeUndefined();
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(spec.containers[0].ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
  });

  test('hostNetwork sets hostNetwork and dnsPolicy ClusterFirstWithHostNet', () => {
    // WHEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, hostNetwork: true });
    const spec = podSpecOf(Testing.synth(chart));

    // THEN
    expect(daemon.hostNetwork).toBe(true);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('hostNetwork writes hostPort = containerPort for every container port', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      hostNetwork: true,
      ports: [{ name: 'metrics', number: 9100 }, { name: 'explicit', number: 9101, hostPort: 9101 }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', ports: [{ name: 'syslog', number: 514, protocol: kplus.Protocol.UDP }] }],
    }));

    // THEN
    expect(spec.containers[0].ports).toEqual([
      { name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' },
      { name: 'explicit', containerPort: 9101, hostPort: 9101, protocol: 'TCP' },
    ]);
    expect(spec.containers[1].ports).toEqual([{ name: 'syslog', containerPort: 514, hostPort: 514, protocol: 'UDP' }]);
  });

  test('dnsPolicy given overrides the hostNetwork default', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({ hostNetwork: true, dnsPolicy: kplus.DnsPolicy.DEFAULT }));

    // THEN
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('Default');
  });

  test('dnsPolicy given without hostNetwork', () => {
    expect(podSpecOf(synthDaemon({ dnsPolicy: kplus.DnsPolicy.DEFAULT })).dnsPolicy).toBe('Default');
  });

  test('hostPID sets hostPID', () => {
    const spec = podSpecOf(synthDaemon({ hostPID: true }));
    expect(spec.hostPID).toBe(true);
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.hostIPC).toBeUndefined();
  });

  test('hostIPC sets hostIPC', () => {
    const spec = podSpecOf(synthDaemon({ hostIPC: true }));
    expect(spec.hostIPC).toBe(true);
    expect(spec.hostPID).toBeUndefined();
  });

  test('a hostPort without hostNetwork may differ from the containerPort', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({ ports: [{ name: 'http', number: 8080, hostPort: 80 }] }));

    // THEN
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, hostPort: 80, protocol: 'TCP' }]);
  });
});

describe('volumes', () => {
  test('host path mounts are read-only by default, type \'\' (no check), named after the path', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({ hostPathMounts: [{ path: '/var/log' }] }));

    // THEN
    expect(spec.volumes).toEqual([{ name: 'host-var-log', hostPath: { path: '/var/log', type: '' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'host-var-log', mountPath: '/var/log', readOnly: true }]);
  });

  test('a host path mount is writable with readOnly: false', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({ hostPathMounts: [{ path: '/var/lib/agent', readOnly: false }] }));

    // THEN
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'host-var-lib-agent', mountPath: '/var/lib/agent' }]);
  });

  test('host path mount name, mountPath, type and propagation are written', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      hostPathMounts: [
        { path: '/var/lib/docker/containers', name: 'containers', mountPath: '/host/containers', type: kplus.HostPathVolumeType.DIRECTORY, propagation: kplus.MountPropagation.HOST_TO_CONTAINER },
        { path: '/' },
      ],
    }));

    // THEN
    expect(spec.volumes).toEqual([
      { name: 'containers', hostPath: { path: '/var/lib/docker/containers', type: 'Directory' } },
      { name: 'host-root', hostPath: { path: '/', type: '' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'containers', mountPath: '/host/containers', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'host-root', mountPath: '/', readOnly: true },
    ]);
  });

  test('Bidirectional propagation is accepted in a privileged container', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      securityContext: { privileged: true },
      hostPathMounts: [{ path: '/var/lib/kubelet', propagation: kplus.MountPropagation.BIDIRECTIONAL, readOnly: false }],
    }));

    // THEN
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'host-var-lib-kubelet', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' }]);
  });

  test('an emptyDir is mounted in the main container when mountPath is given', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      emptyDirs: [
        { name: 'buffer', mountPath: '/buffer', medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: '64Mi' },
        { name: 'scratch' },
      ],
    }));

    // THEN
    expect(spec.volumes).toEqual([
      { name: 'buffer', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'buffer', mountPath: '/buffer' }]);
  });

  test('a sidecar and an init container share an emptyDir', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      emptyDirs: [{ name: 'shared', mountPath: '/shared' }],
      initContainers: [{ name: 'fill', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi > /work/index.html'], volumeMounts: [{ volume: 'shared', mountPath: '/work' }] }],
      containers: [{ name: 'reader', image: 'busybox:1.36', volumeMounts: [{ volume: 'shared', mountPath: '/data', readOnly: true }] }],
    }));

    // THEN
    expect(spec.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
    expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'shared', mountPath: '/work' }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'shared', mountPath: '/shared' }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'shared', mountPath: '/data', readOnly: true }]);
  });

  test('volumeMounts of a host path volume inherit its read-only default; subPath is written', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      hostPathMounts: [{ path: '/var/log' }, { path: '/var/lib/agent', readOnly: false }],
      volumeMounts: [{ volume: 'host-var-log', mountPath: '/logs/pods', subPath: 'pods' }],
      containers: [{
        name: 'shipper',
        image: 'busybox:1.36',
        volumeMounts: [{ volume: 'host-var-log', mountPath: '/logs' }, { volume: 'host-var-lib-agent', mountPath: '/state' }],
      }],
    }));

    // THEN
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'host-var-log', mountPath: '/logs/pods', subPath: 'pods', readOnly: true });
    expect(spec.containers[1].volumeMounts).toEqual([
      { name: 'host-var-log', mountPath: '/logs', readOnly: true },
      { name: 'host-var-lib-agent', mountPath: '/state' },
    ]);
  });

  test('no volumes by default', () => {
    const spec = podSpecOf(synthDaemon());
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].volumeMounts).toBeUndefined();
  });
});

describe('containers', () => {
  test('sidecars run after the main container; init containers keep their order', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      name: 'agent',
      containers: [{ name: 'sidecar', image: 'busybox:1.36' }],
      initContainers: [{ name: 'first', image: 'busybox:1.36' }, { name: 'second', image: 'busybox:1.36' }],
    }));

    // THEN
    expect(spec.containers.map((c: any) => c.name)).toEqual(['agent', 'sidecar']);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['first', 'second']);
    expect(spec.containers[1].image).toBe('busybox:1.36');
  });

  test('sidecars and init containers get the same secure defaults as the main container', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon({
      containers: [{ name: 'sidecar', image: 'busybox:1.36' }],
      initContainers: [{ name: 'init', image: 'busybox:1.36' }],
    }));

    // THEN
    for (const c of [spec.containers[1], spec.initContainers[0]]) {
      expect(c.securityContext).toEqual(spec.containers[0].securityContext);
      expect(c.resources).toEqual(spec.containers[0].resources);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
    }
  });

  test('no init containers by default', () => {
    expect(podSpecOf(synthDaemon()).initContainers).toBeUndefined();
  });

  test('command, args and workingDir are written', () => {
    // WHEN
    const main = mainOf(synthDaemon({ command: ['/bin/agent'], args: ['--verbose', '--port=9100'], workingDir: '/work' }));

    // THEN
    expect(main.command).toEqual(['/bin/agent']);
    expect(main.args).toEqual(['--verbose', '--port=9100']);
    expect(main.workingDir).toBe('/work');
  });

  test('command, args and workingDir are left to the image by default', () => {
    const main = mainOf(synthDaemon());
    expect(main.command).toBeUndefined();
    expect(main.args).toBeUndefined();
    expect(main.workingDir).toBeUndefined();
  });

  test('env takes plain values and downward-API field references', () => {
    // WHEN
    const main = mainOf(synthDaemon({
      env: {
        LOG_LEVEL: kplus.EnvValue.fromValue('debug'),
        NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP),
      },
    }));

    // THEN
    expect(main.env).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    ]);
  });

  test('ports default to TCP; the protocol is written as given', () => {
    // WHEN
    const main = mainOf(synthDaemon({ ports: [{ name: 'metrics', number: 9100 }, { name: 'syslog', number: 514, protocol: kplus.Protocol.UDP }] }));

    // THEN
    expect(main.ports).toEqual([
      { name: 'metrics', containerPort: 9100, protocol: 'TCP' },
      { name: 'syslog', containerPort: 514, protocol: 'UDP' },
    ]);
  });

  test('the same port number with different protocols is fine', () => {
    const main = mainOf(synthDaemon({ ports: [{ name: 'dns-tcp', number: 53 }, { name: 'dns-udp', number: 53, protocol: kplus.Protocol.UDP }] }));
    expect(main.ports.map((p: any) => `${p.containerPort}/${p.protocol}`)).toEqual(['53/TCP', '53/UDP']);
  });

  test('the daemon lists the ports of all its containers', () => {
    // WHEN
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', {
      image: IMAGE,
      ports: [{ name: 'metrics', number: 9100 }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', ports: [{ name: 'admin', number: 8081 }] }],
    });

    // THEN
    expect(daemon.ports.map(p => p.name)).toEqual(['metrics', 'admin']);
  });

  test('resources default to requests cpu 50m memory 64Mi and a 128Mi memory limit, no CPU limit', () => {
    // WHEN
    const main = mainOf(synthDaemon());

    // THEN
    expect(main.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(main.resources.limits.cpu).toBeUndefined();
  });

  test('resources given are merged over the defaults field by field', () => {
    // WHEN
    const main = mainOf(synthDaemon({ resources: { memoryLimit: '200Mi', cpuLimit: '1' } }));

    // THEN
    expect(main.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '200Mi' } });
  });

  test('resources: every field is written, including ephemeral storage', () => {
    // WHEN
    const main = mainOf(synthDaemon({
      resources: { cpuRequest: '0.25', cpuLimit: '250m', memoryRequest: '1Gi', memoryLimit: '1Gi', ephemeralStorageRequest: '1Gi', ephemeralStorageLimit: '2Gi' },
    }));

    // THEN
    expect(main.resources).toEqual({
      requests: { 'cpu': '0.25', 'memory': '1Gi', 'ephemeral-storage': '1Gi' },
      limits: { 'cpu': '250m', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
    });
  });

  test.each([
    ['700m', '0.7'],
    ['0.7', '700m'],
    ['1150m', '1.15'],
    ['2300m', '2.3'],
    ['4350m', '4.35'],
  ])('a cpu request %s equal to the limit %s in other units is accepted', (cpuRequest, cpuLimit) => {
    expect(mainOf(synthDaemon({ resources: { cpuRequest, cpuLimit } })).resources.requests.cpu).toBe(cpuRequest);
  });

  test('a memory request equal to the limit in other units is accepted', () => {
    expect(mainOf(synthDaemon({ resources: { memoryRequest: '1Gi', memoryLimit: '1024Mi' } })).resources.requests.memory).toBe('1Gi');
  });

  test('probes are written with every timing field', () => {
    // WHEN
    const main = mainOf(synthDaemon({
      livenessProbe: Probe.httpGet('/healthz', { port: 9100, scheme: ProbeScheme.HTTPS, initialDelaySeconds: 5 }),
      readinessProbe: Probe.exec(['cat', '/tmp/ready'], { periodSeconds: 5, successThreshold: 2 }),
    }));

    // THEN
    expect(main.livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 9100, scheme: 'HTTPS' },
      initialDelaySeconds: 5,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(main.readinessProbe).toEqual({
      exec: { command: ['cat', '/tmp/ready'] },
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 3,
      successThreshold: 2,
    });
  });

  test('a TCP socket probe', () => {
    const main = mainOf(synthDaemon({ readinessProbe: Probe.tcpSocket({ port: 9100 }) }));
    expect(main.readinessProbe).toMatchObject({ tcpSocket: { port: 9100 } });
    expect(main.livenessProbe).toBeUndefined();
  });

  test('imagePullPolicy defaults to IfNotPresent', () => {
    expect(mainOf(synthDaemon()).imagePullPolicy).toBe('IfNotPresent');
  });

  test('imagePullPolicy is written as given', () => {
    expect(mainOf(synthDaemon({ imagePullPolicy: kplus.ImagePullPolicy.ALWAYS })).imagePullPolicy).toBe('Always');
  });

  test('logs are the termination message when the container fails without one', () => {
    expect(mainOf(synthDaemon()).terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });
});

describe('security', () => {
  test('secure defaults: non-root, read-only root filesystem, no escalation, all capabilities dropped, RuntimeDefault seccomp', () => {
    // WHEN
    const spec = podSpecOf(synthDaemon());

    // THEN
    expect(spec.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('securityContext fields are written as given; capabilities are added after dropping ALL', () => {
    // WHEN
    const main = mainOf(synthDaemon({
      securityContext: { runAsUser: 1000, runAsGroup: 2000, readOnlyRootFilesystem: false, capabilities: ['NET_ADMIN', 'NET_RAW'] },
    }));

    // THEN
    expect(main.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 2000,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] },
    });
  });

  test('runAsUser 0 defaults runAsNonRoot to false', () => {
    const main = mainOf(synthDaemon({ securityContext: { runAsUser: 0 } }));
    expect(main.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
  });

  test('privileged defaults allowPrivilegeEscalation to true, as the API server requires', () => {
    const main = mainOf(synthDaemon({ securityContext: { privileged: true } }));
    expect(main.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
  });

  test('adding SYS_ADMIN defaults allowPrivilegeEscalation to true, as the API server requires', () => {
    const main = mainOf(synthDaemon({ securityContext: { capabilities: ['SYS_ADMIN'] } }));
    expect(main.securityContext).toMatchObject({ allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } });
  });

  test('automountServiceAccountToken is false on the ServiceAccount and the pods by default', () => {
    // WHEN
    const manifests = synthDaemon();

    // THEN
    expect(serviceAccountOf(manifests).automountServiceAccountToken).toBe(false);
    expect(podSpecOf(manifests).automountServiceAccountToken).toBe(false);
  });

  test('automountServiceAccountToken: true mounts the token', () => {
    // WHEN
    const manifests = synthDaemon({ automountServiceAccountToken: true });

    // THEN
    expect(serviceAccountOf(manifests).automountServiceAccountToken).toBe(true);
    expect(podSpecOf(manifests).automountServiceAccountToken).toBe(true);
  });
});

describe('add* after construction', () => {
  test('addContainer and addInitContainer', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.addContainer({ name: 'sidecar', image: 'busybox:1.36' });
    daemon.addInitContainer({ name: 'init', image: 'busybox:1.36' });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.containers.map((c: any) => c.name)).toEqual(['daemon', 'sidecar']);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['init']);
  });

  test('addHostPathMount and addEmptyDir', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.addHostPathMount({ path: '/var/log' });
    daemon.addEmptyDir({ name: 'buffer', mountPath: '/buffer' });

    // THEN
    const spec = podSpecOf(Testing.synth(chart));
    expect(spec.volumes).toEqual([
      { name: 'host-var-log', hostPath: { path: '/var/log', type: '' } },
      { name: 'buffer', emptyDir: {} },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'host-var-log', mountPath: '/var/log', readOnly: true },
      { name: 'buffer', mountPath: '/buffer' },
    ]);
  });

  test('addVolumeMount, even before the volume is added', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });

    // WHEN
    daemon.addVolumeMount({ volume: 'scratch', mountPath: '/scratch' });
    daemon.addEmptyDir({ name: 'scratch' });

    // THEN
    expect(chart.node.root.node.validate()).toEqual([]);
    expect(() => (chart.node.root as App).synth()).not.toThrow();
    expect(mainOf(Testing.synth(chart)).volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch' }]);
  });

  test('addEnv, addPort and addPodAnnotation', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, env: { A: kplus.EnvValue.fromValue('1') }, podAnnotations: { 'example.com/a': '1' } });

    // WHEN
    daemon.addEnv('NODE_NAME', kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME));
    daemon.addPort({ name: 'metrics', number: 9100 });
    daemon.addPodAnnotation('prometheus.io/scrape', 'true');

    // THEN
    const ds = daemonSetOf(Testing.synth(chart));
    const main = ds.spec.template.spec.containers[0];
    expect(main.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    expect(ds.spec.template.metadata.annotations).toEqual({ 'example.com/a': '1', 'prometheus.io/scrape': 'true' });
    expect(daemon.ports.map(p => p.number)).toEqual([9100]);
  });

  test('addPort with hostNetwork gets its hostPort', () => {
    // GIVEN
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, hostNetwork: true });

    // WHEN
    daemon.addPort({ name: 'metrics', number: 9100 });

    // THEN
    expect(mainOf(Testing.synth(chart)).ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
  });
});

describe('podSecurityLevel', () => {
  const daemon = (props: Partial<NodeDaemonProps> = {}) => new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, ...props });

  test('no host access is RESTRICTED', () => {
    // WHEN
    const d = daemon({ ports: [{ name: 'metrics', number: 9100 }], emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }], containers: [{ name: 'sidecar', image: 'busybox:1.36' }] });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(d.podSecurityViolations).toEqual([]);
  });

  test('hostPID and a host path mount are PRIVILEGED', () => {
    // WHEN
    const d = daemon({ hostPID: true, hostPathMounts: [{ path: '/proc' }] });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    const checks = d.podSecurityViolations.map(v => v.check);
    expect(checks).toEqual(expect.arrayContaining(['hostNamespaces', 'hostPathVolumes']));
    expect(d.podSecurityViolations.find(v => v.check === 'hostNamespaces')).toMatchObject({ level: PodSecurityLevel.BASELINE, detail: 'hostPID=true' });
  });

  test('runAsUser 0 with runAsNonRoot false and nothing else is BASELINE', () => {
    // WHEN
    const d = daemon({ securityContext: { runAsUser: 0, runAsNonRoot: false } });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(d.podSecurityViolations.map(v => v.check).sort()).toEqual(['runAsNonRoot', 'runAsUser']);
    expect(d.podSecurityViolations.every(v => v.level === PodSecurityLevel.RESTRICTED)).toBe(true);
  });

  test('adding NET_ADMIN is PRIVILEGED', () => {
    // WHEN
    const d = daemon({ securityContext: { capabilities: ['NET_ADMIN'] } });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(d.podSecurityViolations.map(v => v.check)).toContain('capabilities_baseline');
  });

  test('adding NET_BIND_SERVICE keeps RESTRICTED', () => {
    expect(daemon({ securityContext: { capabilities: ['NET_BIND_SERVICE'] } }).podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('a hostPort without hostNetwork is PRIVILEGED (hostPorts is a baseline check)', () => {
    // WHEN
    const d = daemon({ ports: [{ name: 'http', number: 8080, hostPort: 8080 }] });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(d.podSecurityViolations.map(v => v.check)).toEqual(['hostPorts']);
  });

  test('hostNetwork is PRIVILEGED', () => {
    expect(daemon({ hostNetwork: true }).podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('privileged is PRIVILEGED', () => {
    expect(daemon({ securityContext: { privileged: true } }).podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('a privileged init container makes the pod PRIVILEGED', () => {
    expect(daemon({ initContainers: [{ name: 'sysctl', image: 'busybox:1.36', securityContext: { privileged: true } }] }).podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('is computed from the final spec: RESTRICTED becomes PRIVILEGED after addHostPathMount', () => {
    // GIVEN
    const d = daemon();
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);

    // WHEN
    d.addHostPathMount({ path: '/var/log' });

    // THEN
    expect(d.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(d.podSecurityViolations.map(v => v.check)).toContain('hostPathVolumes');
  });
});

describe('input errors', () => {
  test.each<[string, () => unknown, RegExp]>([
    // name and namespace
    ['invalid name', create({ name: 'Node_Exporter' }), daemonError('name', '\'Node_Exporter\'', 'must be a DNS-1123 subdomain')],
    ['name of 64 characters', create({ name: 'a'.repeat(64) }), daemonError('name', `'${'a'.repeat(64)}'`, 'must be at most 63 characters (it has 64)')],
    ['invalid default name from the id', create({}, 'my_daemon!'), inputError('test/my_daemon!', 'name', '\'my-daemon!\'', 'must be a DNS-1123 subdomain')],
    ['invalid namespace', create({ namespace: 'Kube_System' }), daemonError('namespace', '\'Kube_System\'', 'must be a DNS-1123 label')],
    ['managed label key in labels', create({ labels: { 'app.kubernetes.io/name': 'x' } }), daemonError('labels[\'app.kubernetes.io/name\']', '\'x\'', 'is managed by cdk8s-daemons')],
    ['managed-by label in labels', create({ labels: { 'app.kubernetes.io/managed-by': 'helm' } }), daemonError('labels[\'app.kubernetes.io/managed-by\']', '\'helm\'', 'is managed by cdk8s-daemons')],
    ['bad label key', create({ labels: { 'bad key': 'x' } }), daemonError('labels', '\'bad key\'', 'label key has a name part \'bad key\'')],
    ['bad label key prefix', create({ labels: { 'Example.com/team': 'x' } }), daemonError('labels', '\'Example.com/team\'', 'label key has a prefix \'Example.com\'')],
    ['bad label value', create({ labels: { team: 'not ok!' } }), daemonError('labels[\'team\']', '\'not ok!\'', 'label value must be empty or consist of')],
    ['label value of 64 characters', create({ labels: { team: 'a'.repeat(64) } }), daemonError('labels[\'team\']', `'${'a'.repeat(64)}'`, 'label value must be at most 63 characters')],
    ['bad instance', create({ instance: 'ssd nodes' }), daemonError('instance', '\'ssd nodes\'', 'is a label value that must be empty or consist of')],
    ['bad component', create({ component: '-agent' }), daemonError('component', '\'-agent\'', 'is a label value that')],
    ['bad partOf', create({ partOf: 'a'.repeat(64) }), daemonError('partOf', `'${'a'.repeat(64)}'`, 'is a label value that must be at most 63 characters')],
    ['bad annotation key', create({ annotations: { 'example.com/bad key': 'x' } }), daemonError('annotations', '\'example.com/bad key\'', 'annotation key has a name part')],
    ['bad pod annotation key', create({ podAnnotations: { 'a/b/c': 'x' } }), daemonError('podAnnotations', '\'a/b/c\'', 'annotation key must be a qualified name with at most one \'/\'')],
    ['negative terminationGracePeriodSeconds', create({ terminationGracePeriodSeconds: -1 }), daemonError('terminationGracePeriodSeconds', '-1', 'must be a whole number from 0 to')],
    ['non-integer terminationGracePeriodSeconds', create({ terminationGracePeriodSeconds: 1.5 }), daemonError('terminationGracePeriodSeconds', '1.5', 'must be a whole number from 0 to')],

    // image and env
    ['empty image', create({ image: '' }), daemonError('image', '\'\'', 'is not an image reference the kubelet can pull')],
    ['image with spaces', create({ image: 'node exporter:v1' }), daemonError('image', '\'node exporter:v1\'', 'is not an image reference the kubelet can pull')],
    ['sidecar image with spaces', create({ containers: [{ name: 'sidecar', image: ' busybox' }] }), daemonError('containers[0].image', '\' busybox\'', 'is not an image reference the kubelet can pull')],
    ['bad env name', create({ env: { '1NODE': kplus.EnvValue.fromValue('x') } }), daemonError('env', '\'1NODE\'', 'environment variable name must consist of')],
    ['env name with \'=\'', create({ env: { 'A=B': kplus.EnvValue.fromValue('x') } }), daemonError('env', '\'A=B\'', 'environment variable name')],

    // ports
    ['port name longer than 15', create({ ports: [{ name: 'prometheus-metrics', number: 9100 }] }), daemonError('ports[0].name', '\'prometheus-metrics\'', 'port name must be at most 15 characters (it has 18)')],
    ['uppercase port name', create({ ports: [{ name: 'Metrics', number: 9100 }] }), daemonError('ports[0].name', '\'Metrics\'', 'port name must contain only lowercase letters, digits and \'-\'')],
    ['port name without a letter', create({ ports: [{ name: '9100', number: 9100 }] }), daemonError('ports[0].name', '\'9100\'', 'port name must contain at least one letter')],
    ['port name with \'--\'', create({ ports: [{ name: 'node--metrics', number: 9100 }] }), daemonError('ports[0].name', '\'node--metrics\'', 'port name must not contain \'--\'')],
    ['port name ending in \'-\'', create({ ports: [{ name: 'metrics-', number: 9100 }] }), daemonError('ports[0].name', '\'metrics-\'', 'port name must not begin or end with \'-\'')],
    ['port number 0', create({ ports: [{ name: 'metrics', number: 0 }] }), daemonError('ports[0].number', '0', 'must be an integer from 1 to 65535')],
    ['port number 70000', create({ ports: [{ name: 'metrics', number: 70000 }] }), daemonError('ports[0].number', '70000', 'must be an integer from 1 to 65535')],
    ['hostPort 70000', create({ ports: [{ name: 'metrics', number: 9100, hostPort: 70000 }] }), daemonError('ports[0].hostPort', '70000', 'must be an integer from 1 to 65535')],
    ['hostPort 0', create({ ports: [{ name: 'metrics', number: 9100, hostPort: 0 }] }), daemonError('ports[0].hostPort', '0', 'must be an integer from 1 to 65535')],
    ['duplicate port name across containers', create({
      ports: [{ name: 'metrics', number: 9100 }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', ports: [{ name: 'metrics', number: 9101 }] }],
    }), daemonError('containers[0].ports[0].name', '\'metrics\'', 'is used by a port of another container of the pod, so a Service\'s targetPort by that name finds only the first')],
    ['duplicate containerPort/protocol across containers', create({
      ports: [{ name: 'metrics', number: 9100 }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', ports: [{ name: 'proxy', number: 9100 }] }],
    }), daemonError('containers[0].ports[0].number', '9100', 'is declared twice for TCP in the pod')],
    ['hostNetwork with hostPort != containerPort', create({ hostNetwork: true, ports: [{ name: 'metrics', number: 9100, hostPort: 19100 }] }),
      daemonError('ports[0].hostPort', '19100', 'must equal the container port 9100 with hostNetwork')],
    ['duplicate hostPort', create({ ports: [{ name: 'a', number: 8080, hostPort: 80 }, { name: 'b', number: 8081, hostPort: 80 }] }),
      daemonError('ports[1].hostPort', '80', 'is bound twice on the node for TCP')],

    // resources
    ['unparsable quantity', create({ resources: { cpuRequest: 'lots' } }), daemonError('resources.cpuRequest', '\'lots\'', 'is not a Kubernetes quantity')],
    ['quantity with a space', create({ resources: { memoryLimit: '10 Mi' } }), daemonError('resources.memoryLimit', '\'10 Mi\'', 'is not a Kubernetes quantity')],
    ['negative quantity', create({ resources: { memoryRequest: '-64Mi' } }), daemonError('resources.memoryRequest', '\'-64Mi\'', 'must not be negative')],
    ['memoryRequest above memoryLimit', create({ resources: { memoryRequest: '256Mi', memoryLimit: '128Mi' } }),
      daemonError('resources.memoryRequest', '\'256Mi\'', 'is above memoryLimit \'128Mi\'; the API server rejects a request above its limit')],
    ['defaulted memoryRequest above memoryLimit', create({ resources: { memoryLimit: '32Mi' } }),
      daemonError('resources.memoryRequest', '\'64Mi\'', 'is above memoryLimit \'32Mi\' (the default memoryRequest)')],
    ['defaulted cpuRequest above cpuLimit', create({ resources: { cpuLimit: '20m' } }),
      daemonError('resources.cpuRequest', '\'50m\'', 'is above cpuLimit \'20m\' (the default cpuRequest)')],
    ['ephemeralStorageRequest above its limit', create({ resources: { ephemeralStorageRequest: '2Gi', ephemeralStorageLimit: '1Gi' } }),
      daemonError('resources.ephemeralStorageRequest', '\'2Gi\'', 'is above ephemeralStorageLimit \'1Gi\'')],
    ['sidecar resources', create({ containers: [{ name: 'sidecar', image: 'busybox:1.36', resources: { cpuLimit: 'x' } }] }),
      daemonError('containers[0].resources.cpuLimit', '\'x\'', 'is not a Kubernetes quantity')],

    // probes
    ['liveness successThreshold 2', create({ livenessProbe: Probe.httpGet('/healthz', { port: 8080, successThreshold: 2 }) }),
      daemonError('livenessProbe', '\'/healthz\'', 'successThreshold 2 must be 1 for a liveness probe')],
    ['probe on an init container', create({ initContainers: [{ name: 'init', image: 'busybox:1.36', readinessProbe: Probe.httpGet('/healthz', { port: 8080 }) }] }),
      daemonError('initContainers[0].readinessProbe', '\'/healthz\'', 'init containers may not have probes')],

    // security
    ['runAsNonRoot true with runAsUser 0', create({ securityContext: { runAsUser: 0, runAsNonRoot: true } }),
      daemonError('securityContext.runAsNonRoot', 'true', 'contradicts runAsUser 0')],
    ['negative runAsUser', create({ securityContext: { runAsUser: -1 } }), daemonError('securityContext.runAsUser', '-1', 'must be an integer from 0 to 2147483647')],
    ['privileged with allowPrivilegeEscalation false', create({ securityContext: { privileged: true, allowPrivilegeEscalation: false } }),
      daemonError('securityContext.allowPrivilegeEscalation', 'false', 'cannot be false in a privileged container')],
    ['SYS_ADMIN with allowPrivilegeEscalation false', create({ securityContext: { capabilities: ['SYS_ADMIN'], allowPrivilegeEscalation: false } }),
      daemonError('securityContext.allowPrivilegeEscalation', 'false', 'cannot be false when adding SYS_ADMIN')],
    ['capability with CAP_ prefix', create({ securityContext: { capabilities: ['CAP_NET_ADMIN'] } }),
      daemonError('securityContext.capabilities[0]', '\'CAP_NET_ADMIN\'', 'must be given without the CAP_ prefix')],
    ['lowercase capability', create({ securityContext: { capabilities: ['NET_RAW', 'net_admin'] } }),
      daemonError('securityContext.capabilities[1]', '\'net_admin\'', 'is not a Linux capability name')],

    // volumes and mounts
    ['Bidirectional host path mount without privileged', create({ hostPathMounts: [{ path: '/var/lib/kubelet', propagation: kplus.MountPropagation.BIDIRECTIONAL }] }),
      daemonError('hostPathMounts[0].propagation', '\'Bidirectional\'', 'Bidirectional mount propagation is only allowed in privileged containers')],
    ['Bidirectional volumeMount without privileged', create({
      emptyDirs: [{ name: 'shared' }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', volumeMounts: [{ volume: 'shared', mountPath: '/shared', propagation: kplus.MountPropagation.BIDIRECTIONAL }] }],
    }), daemonError('containers[0].volumeMounts[0].propagation', '\'Bidirectional\'', 'Bidirectional mount propagation is only allowed in privileged containers')],
    ['relative volumeMount mountPath', create({ emptyDirs: [{ name: 'tmp' }], volumeMounts: [{ volume: 'tmp', mountPath: 'tmp' }] }),
      daemonError('volumeMounts[0].mountPath', '\'tmp\'', 'must be an absolute path')],
    ['relative host path mountPath', create({ hostPathMounts: [{ path: '/var/log', mountPath: 'logs' }] }),
      daemonError('hostPathMounts[0].mountPath', '\'logs\'', 'must be an absolute path')],
    ['relative emptyDir mountPath', create({ emptyDirs: [{ name: 'tmp', mountPath: 'tmp' }] }), daemonError('emptyDirs[0].mountPath', '\'tmp\'', 'must be an absolute path')],
    ['absolute subPath', create({ emptyDirs: [{ name: 'tmp' }], volumeMounts: [{ volume: 'tmp', mountPath: '/tmp', subPath: '/etc' }] }),
      daemonError('volumeMounts[0].subPath', '\'/etc\'', 'must be a relative path without \'..\'')],
    ['subPath escaping the volume', create({ emptyDirs: [{ name: 'tmp' }], volumeMounts: [{ volume: 'tmp', mountPath: '/tmp', subPath: 'a/../../b' }] }),
      daemonError('volumeMounts[0].subPath', '\'a/../../b\'', 'must be a relative path without \'..\'')],
    ['duplicate mountPath in a container', create({
      emptyDirs: [{ name: 'a' }, { name: 'b' }],
      containers: [{ name: 'sidecar', image: 'busybox:1.36', volumeMounts: [{ volume: 'a', mountPath: '/data' }, { volume: 'b', mountPath: '/data' }] }],
    }), daemonError('containers[0].volumeMounts[1].mountPath', '\'/data\'', 'is mounted twice in this container')],
    ['volumeMount on the mountPath of a host path', create({ hostPathMounts: [{ path: '/var/log' }], emptyDirs: [{ name: 'tmp' }], volumeMounts: [{ volume: 'tmp', mountPath: '/var/log' }] }),
      daemonError('volumeMounts[0].mountPath', '\'/var/log\'', 'is already a mount path of another volume in the main container')],
    ['host path and emptyDir on the same mountPath', create({ hostPathMounts: [{ path: '/var/log' }], emptyDirs: [{ name: 'logs', mountPath: '/var/log' }] }),
      daemonError('emptyDirs[0].mountPath', '\'/var/log\'', 'is already a mount path of another volume in the main container')],
    ['two host paths on the same mountPath', create({ hostPathMounts: [{ path: '/var/log' }, { path: '/var/log/pods', mountPath: '/var/log' }] }),
      daemonError('hostPathMounts[1].mountPath', '\'/var/log\'', 'is already a mount path of another volume in the main container')],
    ['relative host path', create({ hostPathMounts: [{ path: 'var/log' }] }), daemonError('hostPathMounts[0].path', '\'var/log\'', 'must be an absolute node path without \'..\'')],
    ['host path with \'..\'', create({ hostPathMounts: [{ path: '/var/log/../../etc' }] }), daemonError('hostPathMounts[0].path', '\'/var/log/../../etc\'', 'must be an absolute node path without \'..\'')],
    ['invalid host path volume name', create({ hostPathMounts: [{ path: '/var/log', name: 'Logs' }] }), daemonError('hostPathMounts[0].name', '\'Logs\'', 'volume name must be a DNS-1123 label')],
    ['default host path volume name too long', create({ hostPathMounts: [{ path: `/${'a'.repeat(60)}` }] }),
      daemonError('hostPathMounts[0].name', `'host-${'a'.repeat(60)}'`, 'volume name must be at most 63 characters')],
    ['duplicate volume names', create({ hostPathMounts: [{ path: '/var/log' }], emptyDirs: [{ name: 'host-var-log' }] }),
      daemonError('emptyDirs[0].name', '\'host-var-log\'', 'is the name of another volume of the pod')],
    ['invalid emptyDir name', create({ emptyDirs: [{ name: 'my_cache' }] }), daemonError('emptyDirs[0].name', '\'my_cache\'', 'volume name must be a DNS-1123 label')],
    ['emptyDir bad sizeLimit', create({ emptyDirs: [{ name: 'cache', sizeLimit: 'big' }] }), daemonError('emptyDirs[0].sizeLimit', '\'big\'', 'is not a non-negative Kubernetes quantity')],
    ['emptyDir negative sizeLimit', create({ emptyDirs: [{ name: 'cache', sizeLimit: '-1Gi' }] }), daemonError('emptyDirs[0].sizeLimit', '\'-1Gi\'', 'is not a non-negative Kubernetes quantity')],

    // containers
    ['sidecar named like the daemon', create({ name: 'agent', containers: [{ name: 'agent', image: 'busybox:1.36' }] }),
      daemonError('containers[0].name', '\'agent\'', 'is already the name of the main container')],
    ['init container named like a sidecar', create({ containers: [{ name: 'helper', image: 'busybox:1.36' }], initContainers: [{ name: 'helper', image: 'busybox:1.36' }] }),
      daemonError('initContainers[0].name', '\'helper\'', 'is already the name of another container')],
    ['invalid container name', create({ containers: [{ name: 'Config_Reloader', image: 'busybox:1.36' }] }),
      daemonError('containers[0].name', '\'Config_Reloader\'', 'container name must be a DNS-1123 label')],
  ])('%s', (_title, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('namespace conflicting with the enclosing DaemonNamespace', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'ns');

    // THEN
    expect(() => new NodeDaemon(ns, 'Daemon', { image: IMAGE, namespace: 'monitoring' }))
      .toThrow(inputError('test/ns/Daemon', 'namespace', '\'monitoring\'', 'conflicts with the enclosing DaemonNamespace \'ns\''));
  });

  test('the fix for an invalid default name points at the construct id', () => {
    expect(create({}, 'my_daemon!')).toThrow(/Fix: pass name: '<a-dns-name>' \(the default comes from the construct id 'my_daemon!'\)/);
  });

  test('the fix for a managed label names the prop to use', () => {
    expect(create({ labels: { 'app.kubernetes.io/instance': 'x' } })).toThrow(/Fix: set it through the 'instance' prop instead/);
  });

  test('the fix for a CAP_ prefix gives the bare name', () => {
    expect(create({ securityContext: { capabilities: ['cap_net_admin'] } })).toThrow(/Fix: write 'NET_ADMIN'/);
  });

  test('addEnv twice for the same name', () => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE });
    daemon.addEnv('LOG_LEVEL', kplus.EnvValue.fromValue('info'));

    // WHEN
    daemon.addEnv('LOG_LEVEL', kplus.EnvValue.fromValue('debug'));

    // THEN
    expect(() => synthOf(daemon)).toThrow(daemonError('env', '\'LOG_LEVEL\'', 'is set twice (the later value would silently win)'));
  });

  test('addEnv for a name set in props', () => {
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, env: { NODE_NAME: kplus.EnvValue.fromValue('x') } });
    daemon.addEnv('NODE_NAME', kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME));
    expect(() => synthOf(daemon)).toThrow(daemonError('env', '\'NODE_NAME\'', 'is set twice'));
  });

  test('what add* methods add is checked at synth, every problem at once', () => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, name: 'agent', ports: [{ name: 'metrics', number: 9100 }] });

    // WHEN two bad additions (neither call throws: the daemon is judged whole, at synth)
    daemon.addContainer({ name: 'agent', image: 'busybox:1.36' });
    daemon.addInitContainer({ name: 'init', image: 'busybox:1.36', livenessProbe: Probe.tcpSocket({ port: 1 }) });

    // THEN one synth error names both
    expect(() => synthOf(daemon)).toThrow(daemonError('containers[0].name', '\'agent\'', 'is already the name of the main container'));
    expect(() => synthOf(daemon)).toThrow(daemonError('initContainers[0].livenessProbe', '1', 'init containers may not have probes'));
  });

  test.each<[string, (d: NodeDaemon) => void, RegExp]>([
    ['addHostPathMount with a relative path', d => d.addHostPathMount({ path: 'var/log' }), daemonError('hostPathMounts[0].path', '\'var/log\'', 'must be an absolute node path')],
    ['addEmptyDir with a bad sizeLimit', d => d.addEmptyDir({ name: 'cache', sizeLimit: '1.2.3' }), daemonError('emptyDirs[0].sizeLimit', '\'1.2.3\'', 'is not a non-negative Kubernetes quantity')],
    ['addVolumeMount with a relative mountPath', d => d.addVolumeMount({ volume: 'x', mountPath: 'x' }), daemonError('volumeMounts[0].mountPath', '\'x\'', 'must be an absolute path')],
    ['addPort with a duplicate name', d => d.addPort({ name: 'metrics', number: 9101 }), daemonError('ports[1].name', '\'metrics\'', 'is used by another port of the container (the API server refuses it)')],
    ['addPort with a bad number', d => d.addPort({ name: 'other', number: 0 }), daemonError('ports[1].number', '0', 'must be an integer from 1 to 65535')],
    ['addEnv with a bad name', d => d.addEnv('1X', kplus.EnvValue.fromValue('x')), daemonError('env', '\'1X\'', 'environment variable name')],
    ['addPodAnnotation with a bad key', d => d.addPodAnnotation('bad key', 'x'), daemonError('podAnnotations', '\'bad key\'', 'annotation key has a name part')],
  ])('%s', (_title, add, message) => {
    // GIVEN
    const daemon = new NodeDaemon(Testing.chart(), 'Daemon', { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }] });

    // WHEN
    add(daemon);

    // THEN
    expect(() => synthOf(daemon)).toThrow(message);
  });

  test('a volume mount naming an unknown volume fails at synth', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE, emptyDirs: [{ name: 'tmp' }] });

    // WHEN
    daemon.addVolumeMount({ volume: 'nope', mountPath: '/nope' });

    // THEN
    expect(() => app.synth()).toThrow(daemonError('volumeMounts[0].volume', '\'nope\'', 'names no volume of the daemon'));
    expect(() => app.synth()).toThrow(/Fix: declare it with hostPathMounts, emptyDirs, configMapVolumes or secretVolumes \(volumes: tmp\)/);
  });

  test('a direct toJson() of the DaemonSet, which skips construct validations, still refuses to render an unknown volume', () => {
    const chart = Testing.chart();
    const daemon = new NodeDaemon(chart, 'Daemon', { image: IMAGE });
    daemon.addVolumeMount({ volume: 'nope', mountPath: '/nope' });
    expect(() => daemon.daemonSet.toJson()).toThrow(daemonError('volumeMounts[0].volume', '\'nope\'', 'names no volume of the daemon'));
    expect(() => Testing.synth(chart)).toThrow(daemonError('volumeMounts[0].volume', '\'nope\'', 'names no volume of the daemon'));
  });

  test('the managed-by label cannot be overridden, and the message says so', () => {
    expect(create({ labels: { 'app.kubernetes.io/managed-by': 'helm' } })).toThrow(/Fix: remove it: cdk8s-daemons always sets it to 'cdk8s-daemons'/);
  });

  test('an init container may declare the same port as the main container (they never run together)', () => {
    const manifests = synthDaemon({
      ports: [{ name: 'http', number: 8080 }],
      initContainers: [{ name: 'warmup', image: 'busybox:1.36', ports: [{ name: 'http', number: 8080 }] }],
    });
    expect(podSpecOf(manifests).initContainers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('a sidecar mount naming an unknown volume fails at synth', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');

    // WHEN
    new NodeDaemon(chart, 'Daemon', { image: IMAGE, containers: [{ name: 'sidecar', image: 'busybox:1.36', volumeMounts: [{ volume: 'data', mountPath: '/data' }] }] });

    // THEN
    expect(() => app.synthYaml()).toThrow(daemonError('containers[0].volumeMounts[0].volume', '\'data\'', 'names no volume of the daemon'));
    expect(() => app.synthYaml()).toThrow(/\(volumes: none\)/);
  });
});

describe('app.kubernetes.io/version, from the image tag', () => {
  test.each([
    ['quay.io/prometheus/node-exporter:v1.6.1', 'v1.6.1'],
    ['nginxinc/nginx-unprivileged:1.25-alpine', '1.25-alpine'],
    ['nvcr.io/nvidia/k8s/dcgm-exporter:3.1.8-3.1.5-ubuntu20.04', '3.1.8-3.1.5-ubuntu20.04'],
    ['localhost:5000/agent:2', '2'],
    ['example.com/agent:2.1.0@sha256:' + 'a'.repeat(64), '2.1.0'],
    ['example.com/agent:latest', undefined],
    ['example.com/agent:stable-v2', undefined],
    ['example.com/agent', undefined],
    ['example.com/agent@sha256:' + 'a'.repeat(64), undefined],
    ['example.com/agent:v1.2.3-rc.1', 'v1.2.3-rc.1'],
    ['example.com/agent:1.0_beta', '1.0_beta'],
  ])('%s: %s', (image, version) => {
    const chart = new Chart(Testing.app(), 'c');
    new NodeDaemon(chart, 'agent', { image });
    const manifests = Testing.synth(chart);
    for (const m of manifests) { expect(m.metadata.labels?.['app.kubernetes.io/version']).toBe(version); }
    const ds = daemonSetOf(manifests);
    expect(ds.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(version);
    // never in a selector: a new version must not orphan the running pods
    expect(ds.spec.selector.matchLabels['app.kubernetes.io/version']).toBeUndefined();
  });

  test('the longest version a label takes (63 characters) is written; one more is left out', () => {
    const at = (n: number) => {
      const chart = new Chart(Testing.app(), 'c');
      new NodeDaemon(chart, 'agent', { image: `example.com/agent:1.${'0'.repeat(n - 2)}` });
      return daemonSetOf(Testing.synth(chart)).metadata.labels['app.kubernetes.io/version'];
    };
    expect(at(63)).toHaveLength(63);
    expect(at(64)).toBeUndefined();
  });

  test('a label of the user\'s wins; a variant with another image carries its own version', () => {
    const chart = new Chart(Testing.app(), 'c');
    const d = new NodeDaemon(chart, 'agent', { image: 'example.com/agent:2.1.0', labels: { 'app.kubernetes.io/version': 'release-7' } });
    expect(daemonSetOf(Testing.synth(chart)).metadata.labels['app.kubernetes.io/version']).toBe('release-7');
    expect(d.labels['app.kubernetes.io/version']).toBe('release-7');

    const chart2 = new Chart(Testing.app(), 'c');
    const v = new NodeDaemon(chart2, 'agent', { image: 'example.com/agent:2.1.0' });
    v.addVariant('arm', { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, image: 'example.com/agent-arm:2.2.0' });
    v.addVariant('latest', { nodeSelector: { 'kubernetes.io/arch': 's390x' }, image: 'example.com/agent:latest' });
    const pods = Testing.synth(chart2).filter(m => m.kind === 'DaemonSet').map(m => [m.metadata.name, m.spec.template.metadata.labels['app.kubernetes.io/version']]);
    expect(pods).toEqual([['agent', '2.1.0'], ['agent-arm', '2.2.0'], ['agent-latest', undefined]]);
  });
});
