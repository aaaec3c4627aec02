/**
 * Whether daemon pods may preempt lower-priority pods to get onto a node.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#non-preempting-priority-class
 */
export enum PreemptionPolicy {
  /** Evict lower-priority pods when the node is full (the Kubernetes default). */
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  /** Wait for room instead of evicting anything. */
  NEVER = 'Never',
}
