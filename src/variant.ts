import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DaemonSetObject, LazySpecProps } from './output/synth-memo';
import { DaemonResources } from './pod/resources';
import { NodeSelectorTerm } from './scheduling/node-affinity';
import { Toleration } from './scheduling/toleration';
import { snapshot } from './util/snapshot';

/** The pod label that tells the DaemonSets of one logical daemon apart (`default` for the base). */
/** The recommended label of the version that runs, from the image tag. */
export const VERSION_LABEL = 'app.kubernetes.io/version';

export const VARIANT_LABEL = 'cdk8s-daemons.io/variant';
/** The variant label value of the base DaemonSet. */
export const BASE_VARIANT = 'default';

/**
 * Options of `NodeDaemon.addVariant`: the nodes a variant takes over from the base DaemonSet, and
 * what its pods run differently there (the DaemonSet tutorials' "several DaemonSets for one kind of
 * daemon, with different flags, memory and CPU requests per hardware type").
 */
export interface VariantOptions {
  /**
   * Node labels that select the variant's nodes (all must match). Give this, `requiredNodeAffinity`, or both.
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   * @default - no label requirement (then requiredNodeAffinity must select the nodes)
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node affinity terms that select the variant's nodes (a node must meet one; requirements inside a
   * term all hold). In, NotIn, Exists, DoesNotExist and node names only: the base DaemonSet excludes
   * these nodes, and Gt/Lt have no exact opposite.
   * @default - no term (then nodeSelector must select the nodes)
   */
  readonly requiredNodeAffinity?: NodeSelectorTerm[];

  /**
   * The main container's image on these nodes.
   * @default - the daemon's image
   */
  readonly image?: string;

  /**
   * The main container's arguments on these nodes, replacing the daemon's.
   * @default - the daemon's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables of the main container on these nodes, set over the daemon's (same name: this value).
   * @default - the daemon's
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * Resources of the main container on these nodes, field by field over the daemon's.
   * @default - the daemon's
   */
  readonly resources?: DaemonResources;

  /**
   * Tolerations added to the daemon's on these nodes (e.g. the `nvidia.com/gpu` taint of GPU nodes).
   * @default - the daemon's only
   */
  readonly tolerations?: Toleration[];
}

/**
 * One variant of a NodeDaemon: a DaemonSet of its own (child `DaemonSet`), named after the daemon
 * and the variant, on the nodes the variant selects. Made by `NodeDaemon.addVariant`.
 */
export class NodeDaemonVariant extends Construct {
  /** @internal */
  public static _create(
    scope: Construct, id: string, name: string, options: VariantOptions,
    selectorLabels: { [key: string]: string }, props: (v: NodeDaemonVariant) => LazySpecProps<k8s.DaemonSetSpec>,
  ): NodeDaemonVariant {
    return new NodeDaemonVariant(scope, id, name, options, selectorLabels, props);
  }

  /** The variant's name: the value of its pods' `cdk8s-daemons.io/variant` label. */
  public readonly name: string;
  /** The variant's DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The options it was made with. */
  public readonly options: VariantOptions;
  /** Labels that select this variant's pods only: its DaemonSet's `spec.selector.matchLabels`. */
  public readonly selectorLabels: { [key: string]: string };

  private constructor(
    scope: Construct, id: string, name: string, options: VariantOptions,
    selectorLabels: { [key: string]: string }, props: (v: NodeDaemonVariant) => LazySpecProps<k8s.DaemonSetSpec>,
  ) {
    super(scope, id);
    this.name = name;
    // frozen copies: the variant's checks and its DaemonSet read these, so nobody may change them afterwards
    const copy = <T extends object>(x: T | undefined) => (x === undefined ? undefined : snapshot(x));
    this.options = snapshot({
      ...options,
      nodeSelector: copy(options.nodeSelector),
      requiredNodeAffinity: copy(options.requiredNodeAffinity),
      args: copy(options.args),
      env: copy(options.env),
      tolerations: copy(options.tolerations),
      resources: copy(options.resources),
    });
    this.selectorLabels = snapshot(selectorLabels);
    this.daemonSet = new DaemonSetObject(this, 'DaemonSet', props(this));
    this.node.defaultChild = this.daemonSet;
  }
}
