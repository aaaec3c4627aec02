import * as kplus from 'cdk8s-plus-27';

/**
 * How a host path the daemon writes is shared with other node agents on purpose.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export enum HostPathSharing {
  /** A lock file every user takes in turn (as `/run/xtables.lock`, which every iptables user must share). */
  LOCK = 'lock',
  /** A directory where each writer adds files of its own (as logs, or CNI plugin binaries). */
  APPEND = 'append',
}

/** The pod template annotation that declares host paths shared on purpose: `/path=lock,/other=append`. */
export const SHARED_HOST_PATHS_ANNOTATION = 'cdk8s-daemons.io/shared-host-paths';

/** A node path as the rules compare it: `/a//b/` as `/a/b`; `/` stays `/`. */
export function normalizeNodePath(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/**
 * A directory or file of the node mounted into the daemon's main container.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export interface HostPathMount {
  /** Absolute path on the node, e.g. `/var/log`. */
  readonly path: string;

  /**
   * Where the container sees it.
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * Name of the volume (a DNS-1123 label), by which sidecars and init containers can mount it too.
   * @default - `host-` and the node path in kebab-case, e.g. `host-var-log`; `host-root` for `/`
   */
  readonly name?: string;

  /**
   * What must exist at the path before the pod starts.
   * @default kplus.HostPathVolumeType.DEFAULT - no check (the path may be missing, e.g. on containerd nodes)
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * Mount propagation between host and container. `BIDIRECTIONAL` requires `privileged: true`.
   * @default - none written (the Kubernetes default `None`)
   */
  readonly propagation?: kplus.MountPropagation;

  /**
   * Mount read-only. Host paths are read-only unless you ask for write access.
   * @default true
   */
  readonly readOnly?: boolean;

  /**
   * The path is shared with other node agents on purpose, and how: another DaemonSet writing it on
   * the same nodes is then no clash (written as the pod annotation `cdk8s-daemons.io/shared-host-paths`,
   * which `cdk8s-daemons check` reads too). Paths shared by design (the iptables lock, bpffs, CNI
   * and kubelet dirs, /dev, runtime sockets, /var/log) need none. Only for a writable mount.
   * @default - not shared: another writer on the same nodes is an error
   */
  readonly sharing?: HostPathSharing;
}

/**
 * A scratch volume that lives as long as the pod, shared by the containers that mount it.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export interface EmptyDirVolume {
  /** Name of the volume (a DNS-1123 label), unique in the pod. */
  readonly name: string;

  /**
   * Where the main container mounts it.
   * @default - not mounted in the main container; sidecars and init containers mount it by name
   */
  readonly mountPath?: string;

  /**
   * Storage medium.
   * @default kplus.EmptyDirMedium.DEFAULT - the node's disk
   */
  readonly medium?: kplus.EmptyDirMedium;

  /**
   * Size limit as a quantity (e.g. `64Mi`); the pod is evicted above it.
   * @default - no limit
   */
  readonly sizeLimit?: string;
}

/**
 * A mount of a pod volume (a host path, emptyDir, ConfigMap or Secret declared on the daemon) into a container.
 */
export interface ContainerVolumeMount {
  /** Name of the volume, as declared by `hostPathMounts`, `emptyDirs`, `configMapVolumes` or `secretVolumes`. */
  readonly volume: string;

  /** Absolute path in the container. */
  readonly mountPath: string;

  /**
   * Mount read-only.
   * @default - read-only for host-path volumes unless that mount was declared `readOnly: false`; writable for emptyDirs
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this sub-path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;

  /**
   * Mount propagation. `BIDIRECTIONAL` requires a privileged container.
   * @default - none written
   */
  readonly propagation?: kplus.MountPropagation;
}

/**
 * A ConfigMap mounted as files. Its data feeds the pod's config checksum when the ConfigMap is
 * defined in the same cdk8s app, so changing it in Git rolls the pods.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap
 */
export interface ConfigMapVolume {
  /** Name of the volume (a DNS-1123 label), unique in the pod. */
  readonly name: string;

  /** The ConfigMap: a cdk8s-plus `ConfigMap`, or `kplus.ConfigMap.fromConfigMapName(...)` for one made elsewhere. */
  readonly configMap: kplus.IConfigMap;

  /**
   * Where the main container mounts it (read-only).
   * @default - not mounted in the main container; sidecars and init containers mount it by name
   */
  readonly mountPath?: string;
}

/**
 * A Secret mounted as files (read-only, mode 0400). Its data feeds the pod's config checksum when
 * the Secret is defined in the same cdk8s app. The pod's fsGroup is set to the main container's
 * runAsGroup, so the kubelet makes the files readable by that group (0440) for the non-root containers.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#secret
 */
export interface SecretVolume {
  /** Name of the volume (a DNS-1123 label), unique in the pod. */
  readonly name: string;

  /** The Secret: a cdk8s-plus `Secret`, or `kplus.Secret.fromSecretName(...)` for one made elsewhere. */
  readonly secret: kplus.ISecret;

  /**
   * Where the main container mounts it (read-only).
   * @default - not mounted in the main container; sidecars and init containers mount it by name
   */
  readonly mountPath?: string;
}
