import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon, NodeSelectorRequirement, NodeSelectorTerm, TaintEffect, Toleration } from '../src';

/**
 * "Several DaemonSets for one kind of daemon, with different flags, memory and CPU requests per
 * hardware type": one logical node agent with a GPU variant (its own image, more memory, the GPU
 * taint tolerated) and an arm64 variant (other flags). The base DaemonSet runs everywhere else, so
 * every node runs exactly one agent; one Service reaches all three DaemonSets.
 */
export class HardwareVariantsChart extends Chart {
  public readonly agent: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'monitoring', ...props });

    this.agent = new NodeDaemon(this, 'node-agent', {
      image: 'ghcr.io/example/node-agent:2.3.0',
      args: ['--mode=standard'],
      ports: [{ name: 'metrics', number: 9400 }],
      tolerations: Toleration.controlPlane(),
      resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    });
    this.agent.addVariant('gpu', {
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      image: 'ghcr.io/example/node-agent-gpu:2.3.0',
      args: ['--mode=gpu'],
      resources: { memoryRequest: '256Mi', memoryLimit: '512Mi' },
      tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
    });
    this.agent.addVariant('arm64', {
      requiredNodeAffinity: [NodeSelectorTerm.of(
        NodeSelectorRequirement.architecture('arm64'),
        NodeSelectorRequirement.notIn('nvidia.com/gpu.present', ['true']),
      )],
      args: ['--mode=standard', '--no-simd'],
      env: { GOMAXPROCS: kplus.EnvValue.fromValue('2') },
    });
    this.agent.exposeViaService();
  }
}
