import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NodeScopedApp, NodeScopedAppProps, UpdateStrategy } from '../src';

/** The stages of the nginx DaemonSet tutorial, each a few lines on the first. */
export enum NginxStage {
  /** nginx on every node, logs on the node's disk, a NodePort on 30010 and a LoadBalancer on 8010. */
  HOST_PATH = 'host-path',
  /** The bad update: a command that writes a page and exits, so the pods crash (roll back with `kubectl rollout undo`). */
  BAD_UPDATE = 'bad-update',
  /** The fix: an init container writes index.html into an emptyDir nginx serves. */
  INIT_CONTAINER = 'init-container',
  /** Only on nodes labelled `kubernetes.courselabs.co.ip=public`. */
  NODE_SUBSET = 'node-subset',
  /** OnDelete updates, and a debug pod next to the nginx pod reading its logs. */
  ON_DELETE = 'on-delete',
}

export interface NginxTutorialProps extends ChartProps {
  readonly stage: NginxStage;
}

/**
 * The nginx tutorial (seed 004) with NodeScopedApp. nginx:1.18-alpine runs as root (it binds port 80
 * and writes its logs to a root-owned host directory), with only the capabilities its master
 * process needs to drop to the nginx user.
 */
export class NginxTutorialChart extends Chart {
  public readonly nginx: NodeScopedApp;

  constructor(scope: Construct, id: string, props: NginxTutorialProps) {
    super(scope, id, props);
    const stage = props.stage;
    const at = (s: NginxStage) => Object.values(NginxStage).indexOf(stage) >= Object.values(NginxStage).indexOf(s);

    const base: NodeScopedAppProps = {
      image: 'nginx:1.18-alpine',
      labels: { 'kubernetes.courselabs.co': 'daemonsets' },
      ports: [{ name: 'http', number: 80 }],
      hostDirectory: { path: '/volumes/nginx-logs', mountPath: '/var/log/nginx' },
      emptyDirs: [{ name: 'cache', mountPath: '/var/cache/nginx' }, { name: 'run', mountPath: '/var/run' }],
      securityContext: { runAsUser: 0, runAsNonRoot: false, capabilities: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'] },
      revisionHistoryLimit: 10,
      services: [
        { type: kplus.ServiceType.NODE_PORT, name: 'nginx-np', nodePorts: { http: 30010 } },
        { id: 'LoadBalancer', type: kplus.ServiceType.LOAD_BALANCER, name: 'nginx-lb', servicePorts: { http: 8010 } },
      ],
    };
    this.nginx = new NodeScopedApp(this, 'nginx', {
      ...base,
      ...(stage === NginxStage.BAD_UPDATE ? { command: ['sh', '-c', 'echo "<h1>This is the new version</h1>" > /usr/share/nginx/html/index.html'] } : {}),
      ...(at(NginxStage.INIT_CONTAINER) ? {
        initContent: {
          image: 'busybox:1.36',
          mountPath: '/usr/share/nginx/html',
          command: ['sh', '-c', 'echo "<!DOCTYPE html><html><body><h1>Welcome to nginx on $(NODE_NAME)</h1></body></html>" > /usr/share/nginx/html/index.html'],
          env: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
        },
      } : {}),
      ...(at(NginxStage.NODE_SUBSET) ? { nodeSelector: { 'kubernetes.courselabs.co.ip': 'public' } } : {}),
      ...(at(NginxStage.ON_DELETE) ? { updateStrategy: UpdateStrategy.onDelete() } : {}),
    });
    if (stage === NginxStage.ON_DELETE) {
      this.nginx.addDebugPod('sleep', { name: 'sleep', runAsRoot: true });
    }
  }
}
