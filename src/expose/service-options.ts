import * as kplus from 'cdk8s-plus-27';

/** Whether in-cluster traffic to the Service may leave the node it starts on. */
export enum InternalTrafficPolicy {
  /** Any ready daemon pod in the cluster. */
  CLUSTER = 'Cluster',
  /** Only the daemon pod on the client's own node (node-local routing); no pod there means no answer. */
  LOCAL = 'Local',
}

/** Whether traffic from outside the cluster, through a NodePort or load balancer, may cross nodes. */
export enum ExternalTrafficPolicy {
  /** Any node forwards to any ready daemon pod (the client's source IP is lost to SNAT). */
  CLUSTER = 'Cluster',
  /** A node forwards only to its own daemon pod and keeps the client's source IP. */
  LOCAL = 'Local',
}

/**
 * Options of `exposeViaService` and `exposeViaHeadlessService`.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export interface ServiceExposeOptions {
  /**
   * Construct id of the Service, for a daemon with more than one (a NodePort and a LoadBalancer, say).
   * @default 'Service' for exposeViaService, 'HeadlessService' for exposeViaHeadlessService
   */
  readonly id?: string;

  /**
   * Name of the Service (a DNS-1035 label: starts with a letter).
   * @default - the daemon's name for id 'Service', `<name>-headless` for the headless Service, else `<name>-<id in kebab-case>`
   */
  readonly name?: string;

  /**
   * Service type. NODE_PORT opens the ports on every node (30000-32767); not for a headless Service.
   * @default kplus.ServiceType.CLUSTER_IP
   */
  readonly type?: kplus.ServiceType;

  /**
   * Names of the container ports to expose (Service ports keep the name and number, and target the
   * container port by name).
   * @default - every port the daemon declares (at synth time)
   */
  readonly ports?: string[];

  /**
   * Service port numbers by container port name, e.g. `{ http: 8010 }` to serve container port `http`
   * (80) on port 8010, as the nginx tutorial's LoadBalancer does.
   * @default - each Service port has its container port's number
   */
  readonly servicePorts?: { [portName: string]: number };

  /**
   * Fixed node ports by port name, e.g. `{ http: 30010 }` (type NODE_PORT or LOAD_BALANCER).
   * @default - the API server picks free node ports
   */
  readonly nodePorts?: { [portName: string]: number };

  /**
   * `LOCAL` keeps in-cluster traffic on the client's node: each client talks to the daemon pod on
   * its own node (node-local routing). Not for a headless Service, whose DNS names every pod.
   * @default InternalTrafficPolicy.CLUSTER
   */
  readonly internalTrafficPolicy?: InternalTrafficPolicy;

  /**
   * `LOCAL` sends outside traffic arriving at a node (NodePort, load balancer) to that node's own
   * daemon pod and keeps the client's source IP. Only for NODE_PORT and LOAD_BALANCER.
   * @default - ExternalTrafficPolicy.CLUSTER for NodePort and LoadBalancer Services; not written otherwise
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  /**
   * Extra labels of the Service; they win over the daemon's labels of the same key. The
   * `app.kubernetes.io` labels the daemon manages (name, instance, component, part-of, managed-by)
   * cannot be set here.
   * @default - the daemon's labels only
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the Service.
   * @default - the daemon's annotations only
   */
  readonly annotations?: { [key: string]: string };
}
