/**
 * The smoke-test app, in TypeScript: the reference YAML the language packages must reproduce byte for
 * byte (test/smoke/test_python_package.py builds the same app in Python). `ts-node app.ts OUT` writes it.
 */
import * as fs from 'fs';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DaemonNamespace, LogCollector, LogOutput, MonitoringDaemon, NodeScopedApp } from '../../src';

export function smokeApp(): App {
  const app = new App();
  const chart = new Chart(app, 'smoke');
  new MonitoringDaemon(new DaemonNamespace(chart, 'monitoring'), 'node-exporter', { serviceMonitor: { interval: '30s' } });
  new LogCollector(new DaemonNamespace(chart, 'logging'), 'fluent-bit', { outputs: [LogOutput.loki({ host: 'loki.logging.svc' })] });
  new NodeScopedApp(chart, 'web', {
    image: 'nginxinc/nginx-unprivileged:1.25-alpine',
    namespace: 'edge',
    ports: [{ name: 'http', number: 8080 }],
    services: [{ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30080 } }],
  });
  return app;
}

if (require.main === module) {
  fs.writeFileSync(process.argv[2], smokeApp().synthYaml());
}
