import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ArgoCdSyncWaves, DaemonNamespace, InternalTrafficPolicy, LogCollector, LogOutput, LogSecret, MonitoringDaemon, NodeScopedApp,
} from '../../src';

/**
 * A GitOps repository's cdk8s app: monitoring, logging and one per-node app, each in a chart (one
 * file) and a namespace of its own, with Argo CD sync waves. `cdk8s synth` writes dist/<chart>.k8s.yaml,
 * which Argo CD applies (argocd-application.yaml) or kustomize lists (kustomization.yaml).
 */
export function buildGitOpsApp(app: App): void {
  const monitoring = new Chart(app, 'monitoring');
  new MonitoringDaemon(new DaemonNamespace(monitoring, 'monitoring'), 'node-exporter', {
    serviceMonitor: { interval: '30s', labels: { release: 'prometheus' } },
  });

  const logging = new Chart(app, 'logging');
  const credentials = kplus.Secret.fromSecretName(logging, 'LokiCredentials', 'loki-credentials');
  new LogCollector(new DaemonNamespace(logging, 'logging'), 'fluent-bit', {
    outputs: [LogOutput.loki({ host: 'loki-gateway.logging.svc', port: 80, user: 'fluent-bit', password: LogSecret.fromSecret(credentials, 'password') })],
    serviceMonitor: { interval: '30s', labels: { release: 'prometheus' } },
  });

  const edge = new Chart(app, 'edge');
  new NodeScopedApp(new DaemonNamespace(edge, 'edge'), 'edge-cache', {
    image: 'nginxinc/nginx-unprivileged:1.25-alpine',
    securityContext: { runAsUser: 101, runAsGroup: 101 },
    ports: [{ name: 'http', number: 8080 }],
    emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }],
    services: [{ internalTrafficPolicy: InternalTrafficPolicy.LOCAL }], // each client talks to its own node's cache
  });

  ArgoCdSyncWaves.applyTo(app);
}
