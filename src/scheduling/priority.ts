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

/** The PriorityClasses every cluster has, and their values (the API server creates them). */
export const BUILT_IN_PRIORITY_VALUES: { readonly [name: string]: number } = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Whether `name` is one of the built-in PriorityClasses. */
export function isBuiltInPriorityClass(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_PRIORITY_VALUES, name);
}
