import * as kplus from 'cdk8s-plus-27';

/**
 * A pod affinity term: the pods it selects (by labels, in some namespaces) and the topology in
 * which "together" (affinity) or "apart" (anti-affinity) is judged.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export interface PodAffinityTerm {
  /**
   * Labels the selected pods carry (ANDed with matchExpressions).
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };

  /**
   * Label expressions the selected pods meet, e.g. `kplus.LabelExpression.in('security', ['S1'])`.
   * @default - none
   */
  readonly matchExpressions?: kplus.LabelExpression[];

  /**
   * Namespaces of the selected pods.
   * @default - the daemon's own namespace
   */
  readonly namespaces?: string[];

  /**
   * The node label whose value defines a topology domain, e.g. `kplus.Topology.HOSTNAME`,
   * `kplus.Topology.ZONE`, `kplus.Topology.REGION` or `kplus.Topology.custom('rack')`.
   */
  readonly topology: kplus.Topology;
}

/** A preferred pod affinity term with its weight. */
export interface WeightedPodAffinityTerm {
  /** Weight from 1 to 100. */
  readonly weight: number;
  /** The term. */
  readonly term: PodAffinityTerm;
}

/**
 * Pod affinity or anti-affinity: required terms (all must hold) and weighted preferences.
 *
 * Note: the DaemonSet controller decides placement by node name, node affinity and taints only;
 * a required pod (anti-)affinity that a node does not meet leaves that node's daemon pod Pending.
 */
export interface PodAffinity {
  /**
   * Terms that must all hold.
   * @default - none
   */
  readonly required?: PodAffinityTerm[];

  /**
   * Weighted preferences.
   * @default - none
   */
  readonly preferred?: WeightedPodAffinityTerm[];
}
