import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, NodeDaemon, NodeSelectorRequirement, NodeSelectorTerm, Probe, TaintEffect, Toleration } from '../src';

/**
 * Prometheus node-exporter on every node, control plane included (it tolerates every NoSchedule
 * taint, as the chart does), except Fargate and virtual-kubelet nodes, in a `monitoring` namespace
 * whose Pod Security level is computed from what the daemon needs (host network, host PID and
 * read-only host paths: privileged).
 */
export class NodeExporterChart extends Chart {
  public readonly exporter: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const monitoring = new DaemonNamespace(this, 'monitoring');

    this.exporter = new NodeDaemon(monitoring, 'node-exporter', {
      image: 'quay.io/prometheus/node-exporter:v1.6.1',
      partOf: 'monitoring',
      component: 'metrics',
      args: [
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
        '--web.listen-address=[$(HOST_IP)]:9100',
      ],
      env: { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) },
      ports: [{ name: 'metrics', number: 9100 }],
      hostNetwork: true,
      hostPID: true,
      hostPathMounts: [
        { name: 'proc', path: '/proc', mountPath: '/host/proc' },
        { name: 'sys', path: '/sys', mountPath: '/host/sys' },
        { name: 'root', path: '/', mountPath: '/host/root', propagation: kplus.MountPropagation.HOST_TO_CONTAINER },
      ],
      tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE)],
      nodeAffinity: {
        required: [NodeSelectorTerm.of(NodeSelectorRequirement.notFargate(), NodeSelectorRequirement.notVirtualKubelet())],
      },
      priorityClassName: 'system-node-critical',
      livenessProbe: Probe.httpGet('/', { port: 9100 }),
      readinessProbe: Probe.httpGet('/', { port: 9100 }),
      resources: { cpuRequest: '100m', memoryRequest: '30Mi', memoryLimit: '50Mi' },
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' },
    });
    this.exporter.exposeViaService();
  }
}
