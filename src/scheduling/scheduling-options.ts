import { NodeAffinity } from './node-affinity';
import { PodAffinity } from './pod-affinity';
import { PreemptionPolicy } from './priority';
import { Toleration } from './toleration';

/**
 * Where a daemon's pods may run and how they compete for room: tolerations, node selection,
 * pod (anti-)affinity and priority.
 */
export interface DaemonSchedulingOptions {
  /**
   * Taints the pods tolerate, e.g. `Toleration.controlPlane()` to run on control-plane nodes too,
   * or `Toleration.equal('VIPOnly', 'true', { effect: TaintEffect.NO_EXECUTE })`.
   * The DaemonSet controller adds tolerations for not-ready, unreachable, pressure and unschedulable
   * nodes by itself.
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   * @default - none: the daemon stays off nodes with NoSchedule or NoExecute taints, control-plane nodes included
   */
  readonly tolerations?: Toleration[];

  /**
   * Node labels a node must have for the daemon to run there (e.g. `{ disktype: 'ssd' }`); all must match.
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   * @default - every node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node affinity: required terms (ORed) that choose the nodes, and weighted preferences.
   * It must hold together with the nodeSelector; settings that exclude each other are a synth-time error.
   * @default - every node
   */
  readonly nodeAffinity?: NodeAffinity;

  /**
   * Pod affinity: run only (required) or preferably (preferred) where certain pods run.
   * A required term a node does not meet leaves that node's daemon pod Pending.
   * @default - none
   */
  readonly podAffinity?: PodAffinity;

  /**
   * Pod anti-affinity: stay away from nodes (or zones...) where certain pods run.
   * @default - none
   */
  readonly podAntiAffinity?: PodAffinity;

  /**
   * PriorityClass of the pods, e.g. `system-node-critical` so node agents are not starved or evicted first.
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - none (the cluster's default priority)
   */
  readonly priorityClassName?: string;

  /**
   * Whether the pods may preempt lower-priority pods. The Priority admission plugin sets it from the
   * PriorityClass and refuses a pod that gives another, so it can only repeat the class's policy: for
   * pods that never preempt, name a PriorityClass with `preemptionPolicy: Never`. `NEVER` with a
   * built-in class or without `priorityClassName` is refused at synth.
   * @default - the PriorityClass's policy (PreemptLowerPriority unless it says otherwise)
   */
  readonly preemptionPolicy?: PreemptionPolicy;
}
