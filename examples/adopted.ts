import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeDaemon, TaintEffect, Toleration } from '../src';

/**
 * Taking over DaemonSets that already run, with their selectors as they are (Kubernetes never lets
 * a DaemonSet selector change): the Kubernetes docs' fluentd-elasticsearch (selector
 * `name: fluentd-elasticsearch`) and the DaemonSet101 tutorial's prometheus-daemonset (selector
 * `name: prometheus-exporter, tier: monitoring`, container `prometheus`). Applying this updates them
 * in place instead of failing on the immutable selector.
 */
export class AdoptedChart extends Chart {
  public readonly fluentd: NodeDaemon;
  public readonly prometheus: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.fluentd = new NodeDaemon(this, 'fluentd-elasticsearch', {
      namespace: 'kube-system',
      adoptedSelector: { name: 'fluentd-elasticsearch' },
      labels: { 'k8s-app': 'fluentd-logging' },
      image: 'gcr.io/google-containers/fluentd-elasticsearch:1.20',
      tolerations: [Toleration.exists('node-role.kubernetes.io/master', { effect: TaintEffect.NO_SCHEDULE })],
      resources: { cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: '200Mi' },
      // Reading every pod's logs needs root; fluentd keeps its position files under /var/log.
      securityContext: { runAsUser: 0, runAsNonRoot: false },
      hostPathMounts: [
        { name: 'varlog', path: '/var/log', readOnly: false },
        { name: 'varlibdockercontainers', path: '/var/lib/docker/containers' },
      ],
      terminationGracePeriodSeconds: 30,
    });

    this.prometheus = new NodeDaemon(this, 'prometheus-daemonset', {
      namespace: 'default',
      adoptedSelector: { name: 'prometheus-exporter', tier: 'monitoring' },
      labels: { name: 'prometheus-exporter', tier: 'monitoring' },
      containerName: 'prometheus',
      // Untagged, as in the tutorial: pulled Always, as Kubernetes defaults it.
      image: 'prom/node-exporter',
      ports: [{ name: 'http', number: 80 }],
      securityContext: { capabilities: ['NET_BIND_SERVICE'] },
    });
  }
}
