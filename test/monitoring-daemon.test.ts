/**
 * MonitoringDaemon (issue 10): node-exporter on every node in one line, what kube-prometheus runs,
 * with the node-exporter chart's known failures impossible or synth-time errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import {
  ClusterInventory, DaemonNamespace, ListenAddress, MonitoringDaemon, MonitoringDaemonProps, NodeDaemon, Placement,
  PodSecurityLevel, Taint, TaintEffect, TextfileCollector, Toleration, UpdateStrategy,
} from '../src';
import { inputError } from './scheduling/helpers';

const seed = (file: string) => parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'seeds', file), 'utf8'));

/** The manifests of one MonitoringDaemon (id `node-exporter`) in a `monitoring` DaemonNamespace. */
function synth(props: MonitoringDaemonProps = {}): any[] {
  const chart = Testing.chart();
  const ns = new DaemonNamespace(chart, 'monitoring');
  new MonitoringDaemon(ns, 'node-exporter', props);
  return Testing.synth(chart);
}
const of = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);
const podSpec = (manifests: any[]) => of(manifests, 'DaemonSet')[0].spec.template.spec;
const exporter = (manifests: any[]) => podSpec(manifests).containers[0];
const make = (props: MonitoringDaemonProps) => () => new MonitoringDaemon(Testing.chart(), 'node-exporter', props);
const error = (prop: string, value: string, problem: string) => inputError('test/node-exporter', prop, value, problem);
const MOUNT_POINTS = '^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+'
  + '|var/lib/kubelet/pods/.+|var/lib/kubelet/plugins/.+|var/lib/containerd/.+|run/containerd/.+|run/k3s/containerd/.+)($|/)';
const DEVICES = '^(veth.*|cali.*|lxc.*|eni.*|gke.*|azv.*|[a-f0-9]{15})$';

describe('snapshots', () => {
  test('defaults', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('custom', () => {
    const chart = Testing.chart();
    const ns = new DaemonNamespace(chart, 'observability');
    new MonitoringDaemon(ns, 'node-exporter', {
      image: 'quay.io/prometheus/node-exporter:v1.5.0',
      port: 9101,
      metricsPath: '/node-metrics',
      collectors: ['processes', 'systemd'],
      disabledCollectors: ['wifi'],
      mountPointsExclude: '^/(dev|proc|sys|var/lib/docker/.+)($|/)',
      extraArgs: ['--web.max-requests=10'],
      textfileCollector: TextfileCollector.hostDirectory('/var/lib/node-exporter/textfile'),
      kubeRbacProxy: true,
      kubeRbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.15.0',
      scrapeAnnotations: true,
      serviceMonitor: { interval: '15s', scrapeTimeout: '10s', labels: { release: 'prometheus' } },
      tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE), Toleration.allWithEffect(TaintEffect.NO_EXECUTE)],
      priorityClassName: 'system-node-critical',
      resources: { cpuRequest: '102m', memoryRequest: '180Mi', memoryLimit: '180Mi', cpuLimit: '250m' },
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
      hostPathMounts: [{ name: 'udev', path: '/run/udev/data', mountPath: '/host/root/run/udev/data' }],
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

describe('defaults: what kube-prometheus runs', () => {
  const manifests = synth();
  const spec = podSpec(manifests);
  const main = exporter(manifests);

  test('a pinned node-exporter on the host network and PID namespace', () => {
    expect(main.image).toBe('quay.io/prometheus/node-exporter:v1.6.1');
    expect(main.imagePullPolicy).toBe('IfNotPresent');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('/proc, /sys and / read-only with HostToContainer, and the matching --path flags', () => {
    expect(main.volumeMounts).toEqual([
      { name: 'proc', mountPath: '/host/proc', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
    expect(spec.volumes.map((v: any) => [v.name, v.hostPath.path])).toEqual([['proc', '/proc'], ['sys', '/sys'], ['root', '/']]);
    expect(main.args).toEqual(expect.arrayContaining(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']));
  });

  test('listens on the node\'s internal IP only, port 9100 named metrics', () => {
    expect(main.args[0]).toBe('--web.listen-address=[$(HOST_IP)]:9100');
    expect(main.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
  });

  test('readiness and liveness on node-exporter\'s landing page, not on the costly metrics page', () => {
    expect(main.readinessProbe).toMatchObject({ httpGet: { path: '/', port: 9100 } });
    expect(main.livenessProbe).toMatchObject({ httpGet: { path: '/', port: 9100 }, periodSeconds: 30 });
    expect(exporter(synth({ kubeRbacProxy: true })).readinessProbe).toBeUndefined();
    expect(exporter(synth({ nodeExporterArgs: false })).readinessProbe).toBeUndefined();
  });

  test('non-root 65534, read-only root filesystem, no API token', () => {
    expect(main.securityContext).toMatchObject({
      runAsUser: 65534, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(of(manifests, 'ClusterRole')).toEqual([]);
  });

  test('Linux nodes only, never Fargate or virtual-kubelet nodes; every taint tolerated; system-cluster-critical', () => {
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      ],
    }]);
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-cluster-critical');
  });

  test('a rolling update that frees the host port first, and a headless Service on the metrics port', () => {
    expect(of(manifests, 'DaemonSet')[0].spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    const [service] = of(manifests, 'Service');
    expect(service.metadata.name).toBe('node-exporter');
    expect(service.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }] });
    expect(service.metadata.annotations).toBeUndefined();
  });

  test('the namespace enforces privileged and says why', () => {
    const [ns] = of(manifests, 'Namespace');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(PodSecurityLevel.PRIVILEGED);
    expect(ns.metadata.annotations['cdk8s-daemons.io/pod-security-reason'])
      .toBe('node-exporter: hostNetwork=true, hostPID=true; hostPath volumes "proc", "sys", "root"; container "node-exporter" uses hostPort 9100');
  });

  test('the preview puts it on every node of the sample cluster, control plane included', () => {
    const report = Placement.preview(manifests, ClusterInventory.sample());
    expect(report.daemonSets[0].desired).toBe(4);
    const tainted = ClusterInventory.sample().withTaint('kind-worker', new Taint({ key: 'dedicated', value: 'db', effect: TaintEffect.NO_EXECUTE }));
    expect(Placement.preview(manifests, tainted).daemonSets[0].desired).toBe(4);
  });
});

describe('props', () => {
  test('without hostNetwork it listens on every interface of its own network namespace', () => {
    const main = exporter(synth({ hostNetwork: false }));
    expect(main.args[0]).toBe('--web.listen-address=:9100');
    expect(main.env).toBeUndefined();
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
  });

  test('listenAddress: a given IP, or every interface on purpose', () => {
    expect(exporter(synth({ listenAddress: ListenAddress.ip('10.0.0.5') })).args[0]).toBe('--web.listen-address=10.0.0.5:9100');
    expect(exporter(synth({ listenAddress: ListenAddress.ip('fd00::5') })).args[0]).toBe('--web.listen-address=[fd00::5]:9100');
    expect(exporter(synth({ listenAddress: ListenAddress.allInterfaces() })).args[0]).toBe('--web.listen-address=:9100');
    expect(() => ListenAddress.ip('node-1')).toThrow(/^\[ListenAddress\.ip\] address = 'node-1': is not an IPv4 or IPv6 address\. Fix: /);
  });

  test('port, metricsPath, collectors and extraArgs', () => {
    const main = exporter(synth({ port: 9101, metricsPath: '/m', collectors: ['processes'], disabledCollectors: [], extraArgs: ['--web.max-requests=10'] }));
    expect(main.args).toEqual([
      '--web.listen-address=[$(HOST_IP)]:9101', '--web.telemetry-path=/m',
      '--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root', '--path.udev.data=/host/root/run/udev/data',
      '--collector.processes',
      `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS}`,
      `--collector.netclass.ignored-devices=${DEVICES}`,
      `--collector.netdev.device-exclude=${DEVICES}`,
      '--web.max-requests=10',
    ]);
    expect(main.ports[0]).toMatchObject({ name: 'metrics', containerPort: 9101 });
  });

  test('each host mount can be turned off, with its flag (udev\'s data is under the root mount)', () => {
    const manifests = synth({ mountProc: false, mountRoot: false });
    expect(exporter(manifests).args.filter((a: string) => a.startsWith('--path.'))).toEqual(['--path.sysfs=/host/sys']);
    expect(podSpec(manifests).volumes.map((v: any) => v.name)).toEqual(['sys']);
  });

  test('textfile collector from a host directory, read-only', () => {
    const manifests = synth({ textfileCollector: TextfileCollector.hostDirectory('/var/lib/node-exporter') });
    expect(exporter(manifests).args).toContain('--collector.textfile.directory=/host/textfile');
    expect(exporter(manifests).volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/host/textfile', readOnly: true });
    expect(podSpec(manifests).volumes).toContainEqual({ name: 'textfile', hostPath: { path: '/var/lib/node-exporter', type: '' } });
  });

  test('textfile collector fed by a sidecar through a shared emptyDir', () => {
    const manifests = synth({
      textfileCollector: TextfileCollector.sidecar({ name: 'smartmon', image: 'ghcr.io/example/smartmon-textfile:1.0', args: ['--out=/textfile/smart.prom'] }),
    });
    const spec = podSpec(manifests);
    expect(spec.containers[0].args).toContain('--collector.textfile.directory=/textfile');
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/textfile', readOnly: true });
    expect(spec.containers[1]).toMatchObject({ name: 'smartmon', volumeMounts: [{ name: 'textfile', mountPath: '/textfile' }] });
    expect(spec.containers[1].volumeMounts[0].readOnly).toBeUndefined();
    expect(spec.volumes).toContainEqual({ name: 'textfile', emptyDir: {} });
  });

  test('kube-rbac-proxy: exporter on loopback, proxy on the node IP with TLS, a ClusterRole for token and access reviews only', () => {
    const manifests = synth({ kubeRbacProxy: true });
    const [main, proxy] = podSpec(manifests).containers;
    expect(main.args[0]).toBe('--web.listen-address=127.0.0.1:9100');
    expect(main.ports).toBeUndefined();
    expect(proxy).toMatchObject({
      name: 'kube-rbac-proxy',
      image: 'quay.io/brancz/kube-rbac-proxy:v0.14.2',
      ports: [{ name: 'https', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }],
    });
    expect(proxy.args).toEqual(expect.arrayContaining(['--secure-listen-address=[$(HOST_IP)]:9100', '--upstream=http://127.0.0.1:9100/']));
    expect(of(manifests, 'ClusterRole')[0].rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], resourceNames: [], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], resourceNames: [], verbs: ['create'] },
    ]);
    expect(podSpec(manifests).automountServiceAccountToken).toBe(true);
    expect(of(manifests, 'Service')[0].spec.ports).toEqual([{ name: 'https', port: 9100, protocol: 'TCP', targetPort: 'https' }]);
  });

  test('scrape annotations on the Service', () => {
    expect(of(synth({ scrapeAnnotations: true }), 'Service')[0].metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/metrics', 'prometheus.io/scheme': 'http',
    });
  });

  test('a ServiceMonitor and a PodMonitor, with instance relabeled to the node name', () => {
    const manifests = synth({ serviceMonitor: { interval: '15s', scrapeTimeout: '10s', labels: { release: 'prometheus' } }, podMonitor: {} });
    const [sm] = of(manifests, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels.release).toBe('prometheus');
    expect(sm.spec).toEqual({
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'node-exporter', 'app.kubernetes.io/name': 'node-exporter' } },
      namespaceSelector: { matchNames: ['monitoring'] },
      endpoints: [{
        port: 'metrics',
        path: '/metrics',
        scheme: 'http',
        interval: '15s',
        scrapeTimeout: '10s',
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }],
    });
    const [pm] = of(manifests, 'PodMonitor');
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'metrics', interval: '30s', relabelings: sm.spec.endpoints[0].relabelings });
  });

  test('behind kube-rbac-proxy the ServiceMonitor scrapes https with Prometheus\' token', () => {
    const [sm] = of(synth({ kubeRbacProxy: true, serviceMonitor: {} }), 'ServiceMonitor');
    expect(sm.spec.endpoints[0]).toMatchObject({
      port: 'https', scheme: 'https', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: { insecureSkipVerify: true },
    });
  });

  test('allowedScrapers: a NetworkPolicy on the metrics port, for an exporter off the host network', () => {
    const chart = Testing.chart();
    const d = new MonitoringDaemon(chart, 'node-exporter', {
      namespace: 'monitoring', hostNetwork: false, allowedScrapers: [kplus.Namespaces.select(chart, 'Prom', { names: ['monitoring'] })],
    });
    const [policy] = of(Testing.synth(chart), 'NetworkPolicy');
    expect(policy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} }],
      ports: [{ port: 9100, protocol: 'TCP' }],
    }]);
    expect(d.networkPolicy).toBeDefined();
  });

  test('any other exporter through props alone: NVIDIA DCGM exporter on GPU nodes', () => {
    const chart = Testing.chart();
    new MonitoringDaemon(chart, 'dcgm', {
      name: 'dcgm-exporter',
      image: 'nvcr.io/nvidia/k8s/dcgm-exporter:3.1.8-3.1.5-ubuntu20.04',
      nodeExporterArgs: false,
      port: 9400,
      extraArgs: ['-a', '[$(HOST_IP)]:9400', '-f', '/etc/dcgm-exporter/dcp-metrics-included.csv'],
      mountProc: false,
      mountSys: false,
      mountRoot: false,
      hostPID: false,
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
      securityContext: { capabilities: ['SYS_ADMIN'], runAsUser: 0, runAsNonRoot: false },
      serviceMonitor: {},
    });
    const manifests = Testing.synth(chart);
    const spec = podSpec(manifests);
    expect(spec.containers[0]).toMatchObject({
      name: 'dcgm-exporter',
      args: ['-a', '[$(HOST_IP)]:9400', '-f', '/etc/dcgm-exporter/dcp-metrics-included.csv'],
      env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
      ports: [{ name: 'metrics', containerPort: 9400, hostPort: 9400, protocol: 'TCP' }],
    });
    expect(spec.volumes).toBeUndefined();
    expect(spec.hostPID).toBeUndefined();
    expect(of(manifests, 'ServiceMonitor')[0].spec.endpoints[0].port).toBe('metrics');
  });
});

describe('the seed tutorials, through props', () => {
  test('the Daemonsets tutorial\'s node-exporter (kubectl create deployment ... --image=prom/node-exporter)', () => {
    const chart = Testing.chart();
    new MonitoringDaemon(chart, 'node-exporter', {
      namespace: 'default',
      image: 'prom/node-exporter',
      adoptedSelector: { app: 'node-exporter' },
      labels: { app: 'node-exporter' },
    });
    const ds = of(Testing.synth(chart), 'DaemonSet')[0];
    const expected = seed('node-exporter-daemonset.yaml');
    expect(ds).toMatchObject(expected);
    expect(ds.spec.selector).toEqual(expected.spec.selector);
    expect(ds.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test('the DaemonSet101 prometheus-daemonset (name: prometheus-exporter, tier: monitoring)', () => {
    const chart = Testing.chart();
    new MonitoringDaemon(chart, 'prometheus-daemonset', {
      name: 'prometheus-daemonset',
      namespace: 'default',
      adoptedSelector: { name: 'prometheus-exporter', tier: 'monitoring' },
      labels: { name: 'prometheus-exporter', tier: 'monitoring' },
      containerName: 'prometheus',
      image: 'prom/node-exporter',
      hostNetwork: false,
      port: 80,
      securityContext: { capabilities: ['NET_BIND_SERVICE'] },
    });
    const ds = of(Testing.synth(chart), 'DaemonSet')[0];
    const expected = seed('prometheus-daemonset.yaml');
    expect(ds).toMatchObject(expected);
    expect(ds.spec.selector).toEqual(expected.spec.selector);
  });
});

describe('the series a Kubernetes node would churn: pod volumes and pod network devices are excluded', () => {
  // the two expressions use only what Go's RE2 and JavaScript read alike (no lookaround, no backreference)
  const mounts = new RegExp(MOUNT_POINTS);
  const devices = new RegExp(DEVICES);

  test.each([
    '/var/lib/kubelet/pods/5f0c1c3e-1b2a-4c4d-9e8f-0123456789ab/volumes/kubernetes.io~projected/kube-api-access-x',
    '/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/abc/globalmount',
    '/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs',
    '/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/shm',
    '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs',
    '/var/lib/docker/overlay2/abc/merged',
    '/var/lib/containers/storage/overlay/abc/merged',
    '/proc', '/sys/fs/cgroup', '/dev/shm', '/run',
  ])('mount point %s is skipped', mountPoint => {
    expect(mounts.test(mountPoint)).toBe(true);
  });

  test.each(['/', '/boot', '/var', '/var/lib/kubelet', '/var/lib/containerd', '/home', '/data'])('mount point %s is kept', mountPoint => {
    expect(mounts.test(mountPoint)).toBe(false);
  });

  test.each(['veth1a2b3c4d', 'cali0123456789a', 'lxc9f8e7d6c5b4a', 'eni1234567890a', 'gke0123456789ab', 'azv0123456789a', '0123456789abcde'])('device %s is skipped', device => {
    expect(devices.test(device)).toBe(true);
  });

  test.each(['lo', 'eth0', 'ens5', 'bond0', 'cni0', 'flannel.1', 'cilium_host', 'tunl0', 'vxlan.calico', '0123456789abcd', '0123456789abcdef'])('device %s is kept', device => {
    expect(devices.test(device)).toBe(false);
  });

  test('the props replace them; \'\' writes no flag (node-exporter\'s own default); extraArgs may not set them', () => {
    const flagsOf = (props: MonitoringDaemonProps) => exporter(synth(props)).args.filter((a: string) => /mount-points-exclude|ignored-devices|device-exclude/.test(a));
    expect(flagsOf({ mountPointsExclude: '^/(proc)($|/)', networkDevicesExclude: '^veth.*$' })).toEqual([
      '--collector.filesystem.mount-points-exclude=^/(proc)($|/)', '--collector.netclass.ignored-devices=^veth.*$', '--collector.netdev.device-exclude=^veth.*$',
    ]);
    expect(flagsOf({ mountPointsExclude: '', networkDevicesExclude: '' })).toEqual([]);
    expect(make({ extraArgs: ['--collector.netdev.device-exclude=^lo$'] }))
      .toThrow(error('extraArgs[0]', '\'--collector.netdev.device-exclude=^lo$\'', 'sets --collector.netdev.device-exclude, which the \'networkDevicesExclude\' prop writes'));
  });

  test('an expression Go cannot compile is refused: node-exporter would exit at start', () => {
    expect(make({ mountPointsExclude: '^/(proc' })).toThrow(error('mountPointsExclude', '\'^/(proc\'', 'is not a regular expression'));
    expect(make({ networkDevicesExclude: '^(?!eth).*$' })).toThrow(error('networkDevicesExclude', '\'^(?!eth).*$\'', 'uses lookaround, which Go\'s regular expressions (RE2) do not have'));
    expect(make({ networkDevicesExclude: '^(a)\\1$' })).toThrow(/uses a backreference/);
    expect(make({ networkDevicesExclude: '^(eth|en).*$' })).not.toThrow();
  });
});

describe('errors', () => {
  test('bad props are synth-time errors naming the prop', () => {
    expect(make({ port: 0 })).toThrow(error('port', '0', 'must be an integer from 1 to 65535'));
    expect(make({ metricsPath: 'metrics' })).toThrow(error('metricsPath', '\'metrics\'', 'must start with \'/\''));
    expect(make({ kubeRbacProxy: true, listenAddress: ListenAddress.allInterfaces() })).toThrow(error('listenAddress', '\'\'', 'cannot be chosen behind kube-rbac-proxy'));
    expect(make({ kubeRbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.15.0' })).toThrow(error('kubeRbacProxyImage', '\'quay.io/brancz/kube-rbac-proxy:v0.15.0\'', 'has no effect without kubeRbacProxy: true'));
    expect(make({ collectors: ['--collector.systemd'] })).toThrow(error('collectors[0]', '\'--collector.systemd\'', 'is not a collector name'));
    expect(make({ disabledCollectors: ['Wifi'] })).toThrow(error('disabledCollectors[0]', '\'Wifi\'', 'is not a collector name'));
    expect(make({ collectors: ['wifi'] })).toThrow(error('collectors', '\'wifi\'', 'is also in disabledCollectors'));
    expect(make({ extraArgs: ['--web.listen-address=0.0.0.0:9100'] })).toThrow(error('extraArgs[0]', '\'--web.listen-address=0.0.0.0:9100\'', 'sets --web.listen-address, which the \'listenAddress\' prop writes'));
    expect(make({ extraArgs: ['--no-collector.arp'] })).toThrow(error('extraArgs[0]', '\'--no-collector.arp\'', 'turns a collector on or off'));
    expect(make({ args: ['--x'] })).toThrow(error('args', '["--x"]', 'would replace the flags the preset writes'));
    expect(make({ allowedScrapers: [kplus.Pods.all(Testing.chart(), 'All')] })).toThrow(error('allowedScrapers', '1', 'cannot protect a hostNetwork exporter'));
    expect(make({ textfileCollector: TextfileCollector.hostDirectory('textfile') })).toThrow(error('textfileCollector', '\'textfile\'', 'must be an absolute node path'));
    expect(make({ serviceMonitor: { interval: '30 seconds' } })).toThrow(error('serviceMonitor.interval', '\'30 seconds\'', 'is not a Prometheus duration'));
    expect(make({ podMonitor: { interval: '10s', scrapeTimeout: '1m' } })).toThrow(error('podMonitor.scrapeTimeout', '\'1m\'', 'is longer than the interval \'10s\''));
    expect(make({ podMonitor: {}, kubeRbacProxy: true })).toThrow(error('podMonitor', '\'30s\'', 'cannot pass Prometheus\' own ServiceAccount token'));
    expect(make({ serviceMonitor: {}, service: false })).toThrow(error('serviceMonitor', '\'30s\'', 'needs the headless Service'));
    expect(make({ nodeExporterArgs: false, collectors: ['x'] })).toThrow(error('collectors', '["x"]', 'is a node-exporter flag, and nodeExporterArgs is false'));
    expect(make({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }) }))
      .toThrow(error('updateStrategy.maxSurge', '1', 'surges a second pod onto each node while the old one still holds port 9100'));
  });

  test('a listen flag added after construction is caught at synth', () => {
    const chart = Testing.chart();
    const d = new MonitoringDaemon(chart, 'node-exporter');
    d.container.addArgs('--web.listen-address=0.0.0.0:9100');
    expect(() => Testing.synth(chart)).toThrow(/\[test\/node-exporter\] extraArgs = '--web\.listen-address=0\.0\.0\.0:9100': sets --web\.listen-address again \(argument 1 already sets it from the 'listenAddress' prop\)/);
  });

  test('two exporters binding 9100 on the same nodes, the chart\'s most common failure, are caught before apply', () => {
    const chart = Testing.chart();
    new MonitoringDaemon(chart, 'node-exporter', { namespace: 'monitoring' });
    new NodeDaemon(chart, 'legacy', { image: 'prom/node-exporter:v1.3.1', namespace: 'kube-system', hostNetwork: true, ports: [{ name: 'metrics', number: 9100 }] });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/legacy\] ports = 'host port 9100\/TCP': is also used by the DaemonSet at 'test\/node-exporter' \(monitoring\/node-exporter\)/);
  });
});

// Found by mutation testing (issue 23): assertions that held for a wrong output too.
describe('exact flags, values and messages', () => {
  test('with every mount and exclusion off, the flags are exactly the listen address and the default collectors', () => {
    const manifests = synth({ mountProc: false, mountSys: false, mountRoot: false, mountPointsExclude: '', networkDevicesExclude: '' });
    expect(exporter(manifests).args).toEqual(['--web.listen-address=[$(HOST_IP)]:9100', '--no-collector.wifi', '--no-collector.hwmon', '--no-collector.btrfs']);
    expect(podSpec(manifests).volumes).toBeUndefined();
  });

  test('an invalid regular expression is refused with the parser\'s reason, without its prefix', () => {
    expect(make({ mountPointsExclude: '^/(proc' })).toThrow('mountPointsExclude = \'^/(proc\': is not a regular expression (/^/(proc/: Unterminated group): node-exporter would exit at start on every node. Fix: ');
  });

  test('ListenAddress.ip: brackets for IPv6 only; a value that is not a string gets the same clear error; a given IP needs no HOST_IP', () => {
    expect(ListenAddress.ip('fd00::5').host).toBe('[fd00::5]');
    expect(ListenAddress.ip('10.0.0.5').host).toBe('10.0.0.5');
    for (const value of [undefined, 5, { includes: () => true }]) {
      expect(() => ListenAddress.ip(value as any)).toThrow(/^\[ListenAddress\.ip\] address = .*: is not a string\. Fix: give an IP such as '10\.0\.0\.5', or use ListenAddress\.nodeIp\(\)$/);
    }
    expect(() => ListenAddress.ip('999.1.1.1')).toThrow(/^\[ListenAddress\.ip\] address = '999\.1\.1\.1': /);
    const main = exporter(synth({ listenAddress: ListenAddress.ip('10.0.0.5') }));
    expect(main.env).toBeUndefined();
  });

  test('nodeExporterArgs: false on the host network keeps HOST_IP (the exporter\'s own flags may name it); off it, no HOST_IP', () => {
    const image = 'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.0-ubuntu22.04';
    const hostIp = [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }];
    expect(exporter(synth({ image, nodeExporterArgs: false })).env).toEqual(hostIp);
    expect(exporter(synth({ image, nodeExporterArgs: false, listenAddress: ListenAddress.allInterfaces() })).env).toEqual(hostIp);
    expect(exporter(synth({ image, nodeExporterArgs: false, hostNetwork: false, listenAddress: ListenAddress.allInterfaces() })).env).toBeUndefined();
  });

  test('a flag that a prop writes, given again by addArgs, is reported with both places', () => {
    const chart = Testing.chart();
    const exporterDaemon = new MonitoringDaemon(chart, 'node-exporter', { namespace: 'monitoring' });
    exporterDaemon.container.addArgs('--path.procfs=/proc');
    expect(() => Testing.synth(chart)).toThrow('[test/node-exporter] extraArgs = \'--path.procfs=/proc\': sets --path.procfs again (argument 2 already sets it from the \'mountProc\' prop), and the exporter would take only one. Fix: set it with the \'mountProc\' prop');
  });

  test('an unknown collector of the pinned image: the message lists near names, or none', () => {
    expect(make({ disabledCollectors: ['wifii'] })).toThrow('use one of its collectors (\'wifi\'?); with another node-exporter version, set image to it');
    expect(make({ collectors: ['zzz'] })).toThrow(/: is not a collector of node-exporter v[0-9.]+, which would exit at start \('unknown long flag'\) on every node\. Fix: use one of its collectors; with another/);
  });

  test('nodeExporterArgs: false refuses the props that write flags, showing the value given', () => {
    expect(make({ nodeExporterArgs: false, image: 'example.com/exporter:1', textfileCollector: TextfileCollector.hostDirectory('/var/lib/textfile') }))
      .toThrow(error('textfileCollector', '\'/host/textfile\'', 'is a node-exporter flag, and nodeExporterArgs is false'));
  });

  test('extraArgs: a collector toggle either way is refused, naming the list; a collector\'s own option and a value ending like a toggle are not', () => {
    expect(make({ extraArgs: ['--collector.systemd'] })).toThrow('[test/node-exporter] extraArgs[0] = \'--collector.systemd\': turns a collector on or off. Fix: list \'systemd\' in collectors');
    expect(make({ extraArgs: ['--no-collector.arp'] })).toThrow('[test/node-exporter] extraArgs[0] = \'--no-collector.arp\': turns a collector on or off. Fix: list \'arp\' in disabledCollectors');
    expect(make({ extraArgs: ['--collector.filesystem.fs-types-exclude=^tmpfs$'] })).not.toThrow();
    expect(make({ extraArgs: ['--log.format=--collector.cpu'] })).not.toThrow();
  });

  test('the textfile directory must be absolute and without \'..\'', () => {
    expect(make({ textfileCollector: TextfileCollector.hostDirectory('/var/lib/../textfile') }))
      .toThrow(error('textfileCollector', '\'/var/lib/../textfile\'', 'must be an absolute node path without \'..\''));
    expect(make({ textfileCollector: TextfileCollector.hostDirectory('var/lib/textfile') }))
      .toThrow(error('textfileCollector', '\'var/lib/textfile\'', 'must be an absolute node path without \'..\''));
    expect(make({ textfileCollector: TextfileCollector.hostDirectory('/var/lib/textfile..d') })).not.toThrow();
  });
});
