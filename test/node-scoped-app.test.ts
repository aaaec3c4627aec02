/**
 * NodeScopedApp, static Pods, the debug companion and platform profiles (issue 12).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import { NginxStage, NginxTutorialChart } from '../examples/nginx-tutorial';
import {
  ClusterInventory, KubernetesMetadata, LogCollector, MonitoringDaemon, NodeDaemon, NodeScopedApp, NodeSelectorRequirement, NodeSelectorTerm,
  Placement, PlatformProfile, UpdateStrategy,
} from '../src';
import { inputError } from './scheduling/helpers';
import { validateManifests } from './util/k8s-schema';

const IMAGE = 'nginx:1.25-alpine';
const of = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);
const tutorial = (stage: NginxStage) => Testing.synth(new NginxTutorialChart(Testing.app(), 'nginx', { stage }));
const daemonSet = (manifests: any[]) => of(manifests, 'DaemonSet')[0];

describe('NodeScopedApp: the nginx tutorial, stage by stage', () => {
  test('logs on the node\'s disk, a NodePort on 30010 and a LoadBalancer on 8010 to port 80', () => {
    const manifests = tutorial(NginxStage.HOST_PATH);
    const spec = daemonSet(manifests).spec.template.spec;
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'host-data', mountPath: '/var/log/nginx' });
    expect(spec.volumes).toContainEqual({ name: 'host-data', hostPath: { path: '/volumes/nginx-logs', type: 'DirectoryOrCreate' } });
    expect(of(manifests, 'Service').map(s => [s.metadata.name, s.spec.type, s.spec.ports[0].port, s.spec.ports[0].nodePort, s.spec.ports[0].targetPort]))
      .toEqual([['nginx-np', 'NodePort', 80, 30010, 'http'], ['nginx-lb', 'LoadBalancer', 8010, undefined, 'http']]);
    expect(daemonSet(manifests).metadata.labels['app.kubernetes.io/component']).toBe('app');
  });

  test('the bad update replaces the command; history is kept for kubectl rollout undo', () => {
    const ds = daemonSet(tutorial(NginxStage.BAD_UPDATE));
    expect(ds.spec.template.spec.containers[0].command).toEqual(['sh', '-c', 'echo "<h1>This is the new version</h1>" > /usr/share/nginx/html/index.html']);
    expect(ds.spec.revisionHistoryLimit).toBe(10);
  });

  test('the fix: an init container writes index.html into an emptyDir nginx mounts read-only', () => {
    const spec = daemonSet(tutorial(NginxStage.INIT_CONTAINER)).spec.template.spec;
    expect(spec.initContainers[0]).toMatchObject({ name: 'init-content', image: 'busybox:1.36', volumeMounts: [{ name: 'content', mountPath: '/usr/share/nginx/html' }] });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'content', mountPath: '/usr/share/nginx/html', readOnly: true });
    expect(spec.volumes).toContainEqual({ name: 'content', emptyDir: {} });
    expect(spec.containers[0].command).toBeUndefined();
  });

  test('a node subset: DESIRED 0 on the sample cluster, 1 after labelling a node', () => {
    const manifests = tutorial(NginxStage.NODE_SUBSET);
    expect(daemonSet(manifests).spec.template.spec.nodeSelector).toEqual({ 'kubernetes.courselabs.co.ip': 'public' });
    expect(Placement.preview(manifests).daemonSets[0].desired).toBe(0);
    const labelled = ClusterInventory.sample().withLabel('kind-worker', 'kubernetes.courselabs.co.ip', 'public');
    const report = Placement.preview(manifests, labelled).daemonSets[0];
    expect(report.desired).toBe(1);
    expect(report.nodes.filter(n => n.shouldRun).map(n => n.node)).toEqual(['kind-worker']);
  });

  test('OnDelete updates, and a debug pod next to an nginx pod reading its logs', () => {
    const manifests = tutorial(NginxStage.ON_DELETE);
    expect(daemonSet(manifests).spec.updateStrategy).toEqual({ type: 'OnDelete' });
    const [sleep] = of(manifests, 'Pod');
    expect(sleep.metadata.name).toBe('sleep');
    expect(sleep.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{
      labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'nginx', 'app.kubernetes.io/name': 'nginx' } },
      topologyKey: 'kubernetes.io/hostname',
    }]);
    expect(sleep.spec.containers[0].volumeMounts).toEqual([{ name: 'host-data', mountPath: '/host/volumes/nginx-logs', readOnly: true }]);
    expect(sleep.spec.volumes).toEqual([{ name: 'host-data', hostPath: { path: '/volumes/nginx-logs', type: '' } }]);
    // The debug pod is not one of the app's pods: the Services do not select it
    for (const svc of of(manifests, 'Service')) {
      expect(Object.entries(svc.spec.selector).every(([k, v]) => sleep.metadata.labels[k] === v)).toBe(false);
    }
  });

  test('a debug pod pinned to one node, and its errors', () => {
    const chart = Testing.chart();
    const app = new NodeScopedApp(chart, 'web', { image: IMAGE, ports: [{ name: 'http', number: 8080 }] });
    const pod = app.addDebugPod('shell', { nodeName: 'kind-worker2', image: 'alpine:3.19' });
    const json = Testing.synth(chart).find(m => m.kind === 'Pod');
    expect(pod.name).toBe('web-debug-shell');
    expect(json.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'kind-worker2' });
    expect(json.spec.containers[0]).toMatchObject({ image: 'alpine:3.19', command: ['sleep', 'infinity'], securityContext: { runAsUser: 65534, runAsNonRoot: true } });
    expect(json.spec.volumes).toBeUndefined();
    expect(() => app.addDebugPod('shell')).toThrow(inputError('test/web', 'id', '\'shell\'', 'is already taken'));
    expect(() => app.addDebugPod('x', { name: 'Bad_Name' })).toThrow(inputError('test/web', 'addDebugPod.name', '\'Bad_Name\'', 'must be a DNS-1123 subdomain'));
  });

  test('a host directory must be a directory of its own', () => {
    expect(() => new NodeScopedApp(Testing.chart(), 'web', { image: IMAGE, hostDirectory: { path: 'logs', mountPath: '/var/log/nginx' } }))
      .toThrow(inputError('test/web', 'hostDirectory.path', '\'logs\'', 'must be an absolute node path'));
    expect(() => new NodeScopedApp(Testing.chart(), 'web', { image: IMAGE, hostDirectory: { path: '/', mountPath: '/host' } }))
      .toThrow(inputError('test/web', 'hostDirectory.path', '\'/\'', 'must be an absolute node path below /'));
    expect(() => new NodeScopedApp(Testing.chart(), 'web', { image: IMAGE, hostDirectory: { path: '/var/log/../../etc', mountPath: '/data' } }))
      .toThrow(inputError('test/web', 'hostDirectory.path', '\'/var/log/../../etc\'', 'must be an absolute node path below / without \'..\''));
    expect(() => new NodeScopedApp(Testing.chart(), 'web', { image: IMAGE, hostDirectory: { path: '/var/log/app..d', mountPath: '/data' } })).not.toThrow();
  });
});

describe('static Pods', () => {
  test('a daemon renders as a static Pod manifest, in a file of its own, never in the chart', () => {
    const chart = Testing.chart();
    // A static Pod has no node selection: the node whose directory holds the file runs it
    const exporter = new MonitoringDaemon(chart, 'node-exporter', { namespace: 'monitoring', nodeAffinity: {} });
    const pod = exporter.toStaticPod();
    const manifest = parse(pod.yaml);
    validateManifests([manifest]);
    expect(manifest).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'node-exporter', namespace: 'monitoring' } });
    expect(manifest.spec.serviceAccountName).toBeUndefined();
    expect(manifest.spec.automountServiceAccountToken).toBeUndefined();
    expect(manifest.spec.hostNetwork).toBe(true);
    expect(manifest.spec.containers[0].args[0]).toBe('--web.listen-address=[$(HOST_IP)]:9100');
    expect(of(Testing.synth(chart), 'Pod')).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
    const file = pod.writeTo(dir);
    expect(file).toBe(path.join(dir, 'node-exporter.yaml'));
    expect(fs.readFileSync(file, 'utf8')).toBe(pod.yaml);
    const again = () => new MonitoringDaemon(Testing.chart(), 'node-exporter', { nodeAffinity: {} }).toStaticPod().yaml;
    expect(again()).toBe(again());
  });

  test('what a static Pod cannot have is an error, not a silent drop', () => {
    // The MonitoringDaemon's default node affinity (Linux, not Fargate) is node selection
    expect(() => new MonitoringDaemon(Testing.chart(), 'node-exporter').toStaticPod())
      .toThrow(inputError('test/node-exporter', 'nodeSelector', '{}', 'selects nodes (the kubelet runs the manifests of its own directory), which a static Pod cannot have'));
    const err = (prop: string, value: string, problem: string) => inputError('test/d', prop, value, problem);
    const d = (props: object = {}) => new NodeDaemon(Testing.chart(), 'd', { image: IMAGE, ...props });
    expect(() => d({ nodeSelector: { disktype: 'ssd' } }).toStaticPod()).toThrow(err('nodeSelector', '{"disktype":"ssd"}', 'selects nodes'));
    expect(() => d({ updateStrategy: UpdateStrategy.onDelete() }).toStaticPod()).toThrow(err('updateStrategy', '\'OnDelete\'', 'is a DaemonSet update strategy, which a static Pod cannot have'));
    expect(() => d({ minReadySeconds: 10 }).toStaticPod()).toThrow(err('minReadySeconds', '10', 'is a DaemonSet rollout setting'));
    const withGrant = d({ namespace: 'ops' });
    withGrant.grantApiAccess({ resources: [kplus.ApiResource.PODS] });
    expect(() => withGrant.toStaticPod()).toThrow(err('grantApiAccess', '1', 'needs a ServiceAccount token from the API server'));
    const withVariant = d();
    withVariant.addVariant('gpu', { nodeSelector: { gpu: 'true' } });
    expect(() => withVariant.toStaticPod()).toThrow(err('addVariant', '["gpu"]', 'splits the daemon into DaemonSets per node group'));
    expect(() => new LogCollector(Testing.chart(), 'd', { kubernetesMetadata: KubernetesMetadata.NONE }).toStaticPod()).toThrow(/configMapVolumes = 'fluent-bit-config': uses ConfigMap 'fluent-bit-config' of the API server, which a static Pod cannot have/);
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'agent');
    expect(() => new NodeDaemon(chart, 'd', { image: IMAGE, serviceAccount: sa }).toStaticPod()).toThrow(err('serviceAccount', '\'agent\'', 'names a ServiceAccount'));
  });
});

describe('platform profiles', () => {
  test('GKE Autopilot turns a node-exporter into an error naming each rule it breaks', () => {
    const chart = Testing.chart();
    PlatformProfile.gkeAutopilot().applyTo(chart);
    new MonitoringDaemon(chart, 'node-exporter');
    let message = '';
    try { Testing.synth(chart); } catch (e: any) { message = e.message; }
    for (const rule of [
      /\[test\/node-exporter\] hostNetwork = true: Autopilot refuses pods in the host network \(platform profile: GKE Autopilot\)\. Fix: /,
      /\[test\/node-exporter\] hostPID = true: Autopilot refuses pods in the host PID namespace/,
      /\[test\/node-exporter\] container 'node-exporter' port 'metrics' hostPort = 9100: Autopilot refuses host ports/,
      /\[test\/node-exporter\] hostPath volume 'proc' = '\/proc': Autopilot allows host paths only under \/var\/log/,
      /\[test\/node-exporter\] hostPath volume 'root' = '\/': Autopilot allows host paths only under \/var\/log/,
    ]) { expect(message).toMatch(rule); }
  });

  test('GKE Autopilot accepts a collector reading /var/log read-only, and refuses a writable mount there', () => {
    const ok = Testing.chart();
    PlatformProfile.gkeAutopilot().applyTo(ok);
    new NodeDaemon(ok, 'reader', { image: IMAGE, hostPathMounts: [{ path: '/var/log' }] });
    expect(of(Testing.synth(ok), 'DaemonSet')).toHaveLength(1);
    const bad = Testing.chart();
    PlatformProfile.gkeAutopilot().applyTo(bad);
    new NodeDaemon(bad, 'writer', { image: IMAGE, hostPathMounts: [{ path: '/var/log/app', readOnly: false }], securityContext: { capabilities: ['SYS_ADMIN'] } });
    expect(() => Testing.synth(bad)).toThrow(/mount of hostPath 'host-var-log-app' = '\/var\/log\/app': Autopilot allows host paths under \/var\/log read-only only/);
    expect(() => Testing.synth(bad)).toThrow(/securityContext\.capabilities\.add = 'SYS_ADMIN': Autopilot allows only the Pod Security baseline capabilities/);
  });

  test('EKS with Fargate: every daemon keeps off Fargate and virtual-kubelet nodes, not only the monitoring agent', () => {
    const chart = Testing.chart();
    PlatformProfile.eksWithFargate().applyTo(chart);
    new MonitoringDaemon(chart, 'node-exporter');
    new NodeDaemon(chart, 'agent', { image: IMAGE });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/agent\] nodeAffinity = 'eks\.amazonaws\.com\/compute-type=fargate not excluded': EKS Fargate nodes run no DaemonSet pods \(platform profile: EKS with Fargate nodes\)\. Fix: add a required node affinity term with NodeSelectorRequirement\.notFargate\(\)/);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/agent\] nodeAffinity = 'type=virtual-kubelet not excluded'/);
    expect(() => Testing.synth(chart)).not.toThrow(/\[test\/node-exporter\]/);
    const fixed = Testing.chart();
    PlatformProfile.eksWithFargate().applyTo(fixed);
    new NodeDaemon(fixed, 'agent', { image: IMAGE, nodeAffinity: { required: [NodeSelectorTerm.of(NodeSelectorRequirement.notFargate(), NodeSelectorRequirement.notVirtualKubelet())] } });
    expect(of(Testing.synth(fixed), 'DaemonSet')).toHaveLength(1);
  });

  test('Windows nodes: each DaemonSet declares its OS; a Windows variant picks its image and nodes', () => {
    const chart = Testing.chart();
    PlatformProfile.windowsNodes().applyTo(chart);
    new NodeDaemon(chart, 'agent', { image: IMAGE });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/agent\] nodeSelector = 'kubernetes\.io\/os not set': a cluster with Windows nodes needs every daemon to declare its OS/);
    const ok = Testing.chart();
    PlatformProfile.windowsNodes().applyTo(ok);
    const agent = new NodeDaemon(ok, 'agent', { image: IMAGE, nodeAffinity: { required: [NodeSelectorTerm.of(NodeSelectorRequirement.notIn('example.com/none', ['x']))] } });
    agent.addVariant('windows', { nodeSelector: { 'kubernetes.io/os': 'windows' }, image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' });
    // The base stays off the Windows variant's nodes, so it is Linux-only: accepted
    const [base] = of(Testing.synth(ok), 'DaemonSet');
    expect(base.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toContainEqual({ key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] });
    const good = Testing.chart();
    PlatformProfile.windowsNodes().applyTo(good);
    const linux = new NodeDaemon(good, 'agent', { image: IMAGE, nodeAffinity: { required: [NodeSelectorTerm.of(NodeSelectorRequirement.in('kubernetes.io/os', ['linux', 'windows']))] } });
    linux.addVariant('windows', { nodeSelector: { 'kubernetes.io/os': 'windows' }, image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' });
    const sets = of(Testing.synth(good), 'DaemonSet');
    expect(sets.map(d => d.spec.template.spec.containers[0].image)).toEqual([IMAGE, 'mcr.microsoft.com/windows/nanoserver:ltsc2022']);
  });

  test('a profile applied to an app covers daemons in its charts, added before or after', () => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'before', { image: IMAGE, hostNetwork: true });
    PlatformProfile.gkeAutopilot().applyTo(chart.node.root);
    new NodeDaemon(chart, 'after', { image: IMAGE, hostIPC: true });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/before\] hostNetwork = true/);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/after\] hostIPC = true/);
  });
});
