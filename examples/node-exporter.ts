import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DaemonNamespace, MonitoringDaemon } from '../src';

/**
 * Prometheus node-exporter on every node, control plane included, in one line: what kube-prometheus
 * runs (host network and PID, read-only /proc, /sys and /, every taint tolerated, Linux nodes only and
 * never Fargate or virtual-kubelet, system-cluster-critical, a headless Service), listening on the
 * node's internal IP only, with a Prometheus Operator ServiceMonitor. The `monitoring` namespace
 * enforces exactly the Pod Security level it needs (privileged) and says why in an annotation.
 */
export class NodeExporterChart extends Chart {
  public readonly exporter: MonitoringDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const monitoring = new DaemonNamespace(this, 'monitoring');
    this.exporter = new MonitoringDaemon(monitoring, 'node-exporter', {
      serviceMonitor: { interval: '30s', labels: { release: 'prometheus' } },
    });
  }
}
