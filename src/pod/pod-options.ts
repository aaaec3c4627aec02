import * as kplus from 'cdk8s-plus-27';
import { DaemonContainerProps } from './container';
import { ConfigMapVolume, EmptyDirVolume, HostPathMount, SecretVolume } from './volumes';

/** A resolver option of a pod's DNS config. */
export interface DnsOption {
  /** Name of the option, e.g. `ndots`. */
  readonly name: string;

  /**
   * Value of the option.
   * @default - none
   */
  readonly value?: string;
}

/**
 * DNS settings of the pods, merged into (or, with `dnsPolicy: NONE`, replacing) what the policy gives.
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config
 */
export interface DnsConfig {
  /**
   * IP addresses of name servers (at most 3). Required with `dnsPolicy: NONE`.
   * @default - none besides the policy's
   */
  readonly nameservers?: string[];

  /**
   * DNS search domains (at most 32).
   * @default - none besides the policy's
   */
  readonly searches?: string[];

  /**
   * Resolver options such as `ndots`.
   * @default - none besides the policy's
   */
  readonly options?: DnsOption[];
}

/**
 * The pod-level settings of a daemon's pods: host namespaces, DNS, volumes, extra containers,
 * shutdown and extra labels and annotations.
 */
export interface DaemonPodOptions {
  /**
   * Labels on the pods only (not on the DaemonSet or other objects), e.g. `{ tier: 'monitoring' }`.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Annotations on the pods (e.g. `prometheus.io/scrape`).
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Seconds a pod gets to shut down after SIGTERM before SIGKILL.
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;

  /**
   * Use the node's network namespace: the pod has the node's IP and its ports are node ports.
   * Sets `dnsPolicy: ClusterFirstWithHostNet` so cluster names still resolve. Pod Security: privileged.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
   * @default false
   */
  readonly hostNetwork?: boolean;

  /**
   * See the node's processes. Pod Security: privileged.
   * @default false
   */
  readonly hostPID?: boolean;

  /**
   * Use the node's IPC namespace. Pod Security: privileged.
   * @default false
   */
  readonly hostIPC?: boolean;

  /**
   * DNS policy of the pods. `NONE` needs a `dnsConfig` with at least one name server.
   * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy
   * @default - ClusterFirstWithHostNet with hostNetwork, else ClusterFirst
   */
  readonly dnsPolicy?: kplus.DnsPolicy;

  /**
   * DNS name servers, search domains and options of the pods.
   * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config
   * @default - none: what the DNS policy gives
   */
  readonly dnsConfig?: DnsConfig;

  /**
   * Host paths mounted into the main container, read-only unless `readOnly: false`. Pod Security: privileged.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   * @default - none
   */
  readonly hostPathMounts?: HostPathMount[];

  /**
   * Scratch volumes shared by the pod's containers.
   * @default - none
   */
  readonly emptyDirs?: EmptyDirVolume[];

  /**
   * ConfigMaps mounted as read-only files. When the app defines them, their data feeds the pods'
   * `checksum/config` annotation, so a config change in Git rolls the pods.
   * @default - none
   */
  readonly configMapVolumes?: ConfigMapVolume[];

  /**
   * Secrets mounted as read-only files (mode 0400); their data feeds the config checksum too.
   * The pod's fsGroup is then the main container's runAsGroup, so non-root containers can read them.
   * @default - none
   */
  readonly secretVolumes?: SecretVolume[];

  /**
   * Sidecar containers, running beside the main container.
   * @default - none
   */
  readonly containers?: DaemonContainerProps[];

  /**
   * Init containers, run in order to completion before the main container starts; they share the pod's volumes.
   * @default - none
   */
  readonly initContainers?: DaemonContainerProps[];
}
