/**
 * Compute resources of one container, as Kubernetes quantity strings ('50m', '0.5', '64Mi', '1Gi').
 * Fields left out take the daemon-sized defaults; there is no CPU limit by default, because CPU
 * limits throttle agents on busy nodes exactly when they are needed.
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface DaemonResources {
  /**
   * CPU the scheduler reserves for the container.
   * @default '50m'
   */
  readonly cpuRequest?: string;

  /**
   * CPU limit (throttling above it).
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;

  /**
   * Memory the scheduler reserves for the container.
   * @default '64Mi'
   */
  readonly memoryRequest?: string;

  /**
   * Memory limit (the container is OOM-killed above it).
   * @default '128Mi'
   */
  readonly memoryLimit?: string;

  /**
   * Ephemeral storage the scheduler reserves.
   * @default - none
   */
  readonly ephemeralStorageRequest?: string;

  /**
   * Ephemeral storage limit (the pod is evicted above it).
   * @default - none
   */
  readonly ephemeralStorageLimit?: string;
}
