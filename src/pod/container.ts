import * as kplus from 'cdk8s-plus-27';
import { AppArmorProfile } from './apparmor';
import { Probe } from './probe';
import { DaemonResources } from './resources';
import { ContainerVolumeMount } from './volumes';

/**
 * A port the container listens on.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
 */
export interface DaemonPort {
  /** Name of the port (an IANA service name: at most 15 lowercase letters, digits and '-'), unique in the pod. Services refer to it. */
  readonly name: string;

  /** The port number in the container, 1 to 65535. */
  readonly number: number;

  /**
   * Protocol.
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;

  /**
   * Port on the node that forwards to this port, so clients reach the daemon at the node's IP.
   * With `hostNetwork` it must equal `number` (and is written for you when left out).
   * @default - no host port (with hostNetwork: the container port)
   */
  readonly hostPort?: number;
}

/**
 * Security settings of a container. The defaults meet Pod Security "restricted"; relax only what
 * the daemon needs.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export interface ContainerSecurityOptions {
  /**
   * UID the process runs as. 0 (root) needs `runAsNonRoot: false`.
   * @default 65534 (nobody)
   */
  readonly runAsUser?: number;

  /**
   * GID the process runs as.
   * @default 65534 (nogroup)
   */
  readonly runAsGroup?: number;

  /**
   * Refuse to start the container as root.
   * @default - true, unless runAsUser is 0
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Mount the container's root filesystem read-only (write to emptyDir volumes instead).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Allow a process to gain more privileges than its parent (setuid binaries).
   * @default - false; true when `privileged` or when adding SYS_ADMIN, as the API server requires
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Run privileged: all devices and capabilities of the host. Makes the pod Pod Security "privileged".
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * Linux capabilities to add back after dropping ALL, without the `CAP_` prefix (e.g. `NET_ADMIN`).
   * @default - none
   */
  readonly capabilities?: string[];

  /**
   * The AppArmor profile the container runs under, written as the pod annotation
   * `container.apparmor.security.beta.kubernetes.io/<container>` (Kubernetes 1.27).
   * @see https://kubernetes.io/docs/tutorials/security/apparmor/
   * @default - none written: the runtime's default profile where AppArmor is enabled
   */
  readonly appArmorProfile?: AppArmorProfile;
}

/**
 * What a container runs and how, apart from its name and image.
 */
export interface DaemonContainerOptions {
  /**
   * Entrypoint, replacing the image's ENTRYPOINT.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments, replacing the image's CMD.
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment variables by name: plain values (`EnvValue.fromValue`) or downward-API references
   * such as `EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME)` (`spec.nodeName`) and
   * `EnvValue.fromFieldRef(EnvFieldPaths.NODE_IP)` (`status.hostIP`).
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * Ports the container listens on.
   * @default - none (the push pattern: the daemon sends data out and receives none)
   */
  readonly ports?: DaemonPort[];

  /**
   * Compute resources; fields left out take the daemon-sized defaults.
   * @default - requests cpu 50m and memory 64Mi, limit memory 128Mi, no CPU limit
   */
  readonly resources?: DaemonResources;

  /**
   * Restart the container when this probe fails.
   * @default - no liveness probe
   */
  readonly livenessProbe?: Probe;

  /**
   * Keep the pod out of Service endpoints (and count it unavailable during a rollout) while this probe fails.
   * @default - no readiness probe
   */
  readonly readinessProbe?: Probe;

  /**
   * When the kubelet pulls the image.
   * @default kplus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Mounts of the daemon's volumes (host paths, emptyDirs) into this container.
   * @default - none besides those the volumes declare for the main container
   */
  readonly volumeMounts?: ContainerVolumeMount[];

  /**
   * Security settings.
   * @default - non-root (65534), read-only root filesystem, no privilege escalation, all capabilities dropped
   */
  readonly securityContext?: ContainerSecurityOptions;

  /**
   * Working directory.
   * @default - the image's
   */
  readonly workingDir?: string;
}

/**
 * A container of the daemon pod besides the main one: a sidecar or an init container.
 */
export interface DaemonContainerProps extends DaemonContainerOptions {
  /** Name of the container (a DNS-1123 label), unique in the pod. */
  readonly name: string;

  /** The container image, e.g. `busybox:1.36`. */
  readonly image: string;
}
