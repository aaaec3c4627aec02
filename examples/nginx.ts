import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeDaemon, Probe, UpdateStrategy } from '../src';

/**
 * The nginx tutorial, hardened: an init container writes the page into an emptyDir, the server
 * config comes from a ConfigMap (its checksum rolls the pods when it changes), and the rollout waits
 * until each new pod has been ready for 10 s before it moves to the next node. Reached as in the
 * tutorial: a NodePort Service on 30010 and a LoadBalancer on 8010, both to the container's `http`
 * port. Pod Security: restricted.
 */
export class NginxChart extends Chart {
  public readonly nginx: NodeDaemon;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const config = new kplus.ConfigMap(this, 'config', {
      metadata: { name: 'nginx-config' },
      data: {
        'default.conf': [
          'server {',
          '  listen 8080;',
          '  location / { root /usr/share/nginx/html; }',
          '}',
          '',
        ].join('\n'),
      },
    });

    this.nginx = new NodeDaemon(this, 'nginx', {
      image: 'nginxinc/nginx-unprivileged:1.25-alpine',
      securityContext: { runAsUser: 101, runAsGroup: 101 },
      ports: [{ name: 'http', number: 8080 }],
      readinessProbe: Probe.httpGet('/', { port: 8080 }),
      emptyDirs: [
        { name: 'html', mountPath: '/usr/share/nginx/html' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
      configMapVolumes: [{ name: 'config', configMap: config, mountPath: '/etc/nginx/conf.d' }],
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
      minReadySeconds: 10,
      revisionHistoryLimit: 5,
    });
    this.nginx.addInitContainer({
      name: 'write-page',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo "<h1>Hello from $(NODE_NAME)</h1>" > /html/index.html'],
      env: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
      volumeMounts: [{ volume: 'html', mountPath: '/html' }],
      resources: { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' },
    });
    this.nginx.exposeViaService({ type: kplus.ServiceType.NODE_PORT, nodePorts: { http: 30010 } });
    this.nginx.exposeViaService({ id: 'LoadBalancer', type: kplus.ServiceType.LOAD_BALANCER, servicePorts: { http: 8010 } });
  }
}
