import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DaemonNamespace, NodeDaemon, TaintEffect, Toleration } from '../src';

/**
 * The taints tutorial: a `dev-system` namespace whose daemon also runs on the nodes tainted
 * `VIPOnly=true:NoExecute` (which evict everything else).
 */
export class VipOnlyChart extends Chart {
  public readonly agent: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const devSystem = new DaemonNamespace(this, 'dev-system');
    this.agent = new NodeDaemon(devSystem, 'node-agent', {
      image: 'registry.k8s.io/pause:3.9',
      tolerations: [Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE })],
    });
  }
}
