import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, LogCollector, LogOutput, LogSecret } from '../src';

/**
 * Logs from every node to Loki: Fluent Bit reads every container's CRI logs on containerd nodes and
 * the systemd journal, joins stack traces, adds Kubernetes metadata (RBAC: pods and namespaces, read
 * only), and ships to a Loki gateway whose password comes from a Secret made elsewhere (never in the
 * ConfigMap). Positions and buffers stay in /var/lib/fluent-bit/logging-fluent-bit across restarts.
 */
export class LoggingChart extends Chart {
  public readonly collector: LogCollector;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const logging = new DaemonNamespace(this, 'logging');
    const credentials = kplus.Secret.fromSecretName(this, 'LokiCredentials', 'loki-credentials');
    this.collector = new LogCollector(logging, 'fluent-bit', {
      systemdJournal: true,
      outputs: [LogOutput.loki({
        host: 'loki-gateway.logging.svc',
        port: 80,
        labels: { cluster: 'prod' },
        user: 'fluent-bit',
        password: LogSecret.fromSecret(credentials, 'password'),
      })],
    });
  }
}
