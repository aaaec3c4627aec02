import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon, NodeSelectorRequirement, NodeSelectorTerm, Toleration } from '../src';

/**
 * The fluentd log collector of the Kubernetes DaemonSet tutorial: reads /var/log and the container
 * logs of every Linux node, control-plane nodes included, in kube-system.
 */
export class FluentdChart extends Chart {
  public readonly fluentd: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.fluentd = new NodeDaemon(this, 'fluentd-elasticsearch', {
      namespace: 'kube-system',
      image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
      component: 'logging',
      // The tutorial tolerates the legacy master taint; controlPlane() covers it and today's control-plane taint.
      tolerations: Toleration.controlPlane(),
      nodeAffinity: { required: [NodeSelectorTerm.of(NodeSelectorRequirement.linuxOnly())] },
      priorityClassName: 'system-node-critical',
      resources: { cpuRequest: '100m', memoryRequest: '200Mi', memoryLimit: '200Mi' },
      // Reading every pod's logs needs root; fluentd keeps its position files under /var/log.
      securityContext: { runAsUser: 0, runAsNonRoot: false },
      hostPathMounts: [
        { name: 'varlog', path: '/var/log', readOnly: false },
        { name: 'varlibdockercontainers', path: '/var/lib/docker/containers' },
      ],
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }],
      env: { K8S_NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
      terminationGracePeriodSeconds: 30,
    });
  }
}
