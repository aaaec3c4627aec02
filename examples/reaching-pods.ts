import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonNamespace, InternalTrafficPolicy, NodeDaemon } from '../src';

/**
 * The four ways to reach daemon pods, one daemon each, plus node-local routing.
 */
export class ReachingPodsChart extends Chart {
  public readonly push: NodeDaemon;
  public readonly hostPort: NodeDaemon;
  public readonly dns: NodeDaemon;
  public readonly web: NodeDaemon;
  public readonly local: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const ns = new DaemonNamespace(this, 'reach-demo');

    // 1. Push: the daemon sends data out and receives none, so nothing is exposed.
    this.push = new NodeDaemon(ns, 'log-shipper', { image: 'fluent/fluent-bit:2.1.8' });

    // 2. Host port: clients call <node IP>:8010 (from `kubectl get nodes -o wide` or status.hostIP).
    this.hostPort = new NodeDaemon(ns, 'node-api', {
      image: 'nginxinc/nginx-unprivileged:1.25-alpine',
      ports: [{ name: 'http', number: 8080, hostPort: 8010 }],
    });

    // 3. DNS: a headless Service lists every daemon pod (node-cache-headless.reach-demo.svc).
    this.dns = new NodeDaemon(ns, 'node-cache', {
      image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.22.20',
      ports: [{ name: 'dns', number: 5353, protocol: kplus.Protocol.UDP }],
    });
    this.dns.exposeViaHeadlessService();

    // 4. A Service: NodePort 30010 on every node, as the nginx tutorial's nginx-np.
    this.web = new NodeDaemon(ns, 'web', {
      image: 'nginxinc/nginx-unprivileged:1.25-alpine',
      ports: [{ name: 'http', number: 8080 }],
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    this.web.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010 } });

    // Node-local routing: in-cluster clients reach the agent on their own node only, and only
    // pods labelled app=traced may connect.
    this.local = new NodeDaemon(ns, 'trace-agent', {
      image: 'otel/opentelemetry-collector:0.88.0',
      ports: [{ name: 'otlp-grpc', number: 4317 }],
    });
    this.local.exposeViaService({ internalTrafficPolicy: InternalTrafficPolicy.LOCAL });
    this.local.restrictIngress({
      peers: [kplus.Pods.select(this, 'traced-pods', { labels: { app: 'traced' }, namespaces: kplus.Namespaces.all(this, 'all-namespaces') })],
    });
  }
}
