import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { DaemonServiceModel } from '../expose/service';
import type { NodeDaemon } from '../node-daemon';
import type { Problem } from '../pod/container-model';
import type { PodTemplateModel } from '../pod/pod-template';
import type { UpdateStrategy } from '../rollout/update-strategy';
import { propError } from '../util/errors';
import { DAEMON_NAMESPACE_MARK } from '../util/marks';
import { versionOfImage } from '../util/names';
import { BASE_VARIANT, NodeDaemonVariant, VARIANT_LABEL, VERSION_LABEL } from '../variant';

/** One DaemonSet of the daemon: the base (no variant) or a variant. */
export interface DaemonSetIdentity {
  readonly variant?: NodeDaemonVariant;
  readonly name: string;
  readonly selector: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
}

/** What a NodeDaemon was given that is not part of its public surface. */
export interface DaemonSettings {
  readonly explicitNamespace?: string;
  readonly annotations?: { [key: string]: string };
  readonly adoptedSelector?: { [key: string]: string };
  readonly ownServiceAccount: boolean;
  readonly explicitAutomount?: boolean;
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
}

/**
 * The state of one NodeDaemon behind its public surface, shared by the modules that check it
 * (checks.ts), render it (render.ts), give it API access (api-access.ts), restrict its ingress
 * (ingress.ts) and render it as a static or debug Pod. One object, owned by its daemon.
 */
export class DaemonState implements DaemonSettings {
  public readonly explicitNamespace?: string;
  public readonly annotations?: { [key: string]: string };
  public readonly adoptedSelector?: { [key: string]: string };
  public readonly ownServiceAccount: boolean;
  public readonly explicitAutomount?: boolean;
  public readonly minReadySeconds?: number;
  public readonly revisionHistoryLimit?: number;
  public strategy: UpdateStrategy;
  public readonly services: DaemonServiceModel[] = [];
  public readonly variants: NodeDaemonVariant[] = [];
  public readonly grants: Array<{ readonly verbs: string[]; readonly resources: kplus.IApiEndpoint[] }> = [];
  public clusterRole?: kplus.ClusterRole;
  public ingressPolicy?: { readonly policy: kplus.NetworkPolicy; readonly ports: string[]; readonly explicit: boolean };
  /** The pod template; set by the daemon once its props are checked. */
  public pod!: PodTemplateModel;

  /**
   * @param daemon the daemon this is the state of
   * @param settings what it was given
   * @param strategy its update strategy
   * @param guard throws the first of the daemon's problems (rendering never writes an invalid spec)
   */
  constructor(public readonly daemon: NodeDaemon, settings: DaemonSettings, strategy: UpdateStrategy, public readonly guard: () => void) {
    this.explicitNamespace = settings.explicitNamespace;
    this.annotations = settings.annotations;
    this.adoptedSelector = settings.adoptedSelector;
    this.ownServiceAccount = settings.ownServiceAccount;
    this.explicitAutomount = settings.explicitAutomount;
    this.minReadySeconds = settings.minReadySeconds;
    this.revisionHistoryLimit = settings.revisionHistoryLimit;
    this.strategy = strategy;
  }

  /** The base DaemonSet. */
  public baseIdentity(): DaemonSetIdentity {
    return {
      name: this.daemon.daemonSetName,
      selector: this.daemon.daemonSetSelectorLabels,
      podLabels: { ...(this.adoptedSelector ?? {}), ...this.podLabelsOf(BASE_VARIANT) },
    };
  }

  /** A variant's DaemonSet. */
  public variantIdentity(variant: NodeDaemonVariant): DaemonSetIdentity {
    return { variant, name: `${this.daemon.daemonSetName}-${variant.name}`, selector: variant.selectorLabels, podLabels: this.podLabelsOf(variant.name, variant.options.image) };
  }

  /** Every DaemonSet of the daemon: the base, then the variants in the order they were added. */
  public identities(): DaemonSetIdentity[] {
    return [this.baseIdentity(), ...this.variants.map(v => this.variantIdentity(v))];
  }

  /** The labels of the pods of one DaemonSet (of a variant: with the version of its `image`, if it has its own). */
  public podLabelsOf(variant: string, image?: string): { [key: string]: string } {
    const labels: { [key: string]: string } = { ...this.daemon.labels, ...this.pod.podLabels, [VARIANT_LABEL]: variant };
    // a variant running another image runs another version (unless the version label is the user's own)
    if (image !== undefined && labels[VERSION_LABEL] !== undefined && labels[VERSION_LABEL] === versionOfImage(this.pod.main.image)) {
      const version = versionOfImage(image);
      if (version) { labels[VERSION_LABEL] = version; } else { delete labels[VERSION_LABEL]; }
    }
    return labels;
  }

  /** Metadata for an object of the daemon: `name`, its namespace, labels and annotations (copies). */
  public metadataFor(name: string): ApiObjectMetadata {
    const namespace = this.explicitNamespace ?? this.enclosingNamespace()?.name;
    return { name, namespace, labels: { ...this.daemon.labels }, annotations: this.annotations && { ...this.annotations } };
  }

  /** The DaemonNamespace the daemon is made in, if any. */
  public enclosingNamespace(): { name: string } | undefined {
    for (let s: IConstruct | undefined = this.daemon.node.scope; s; s = s.node.scope) {
      if (DAEMON_NAMESPACE_MARK in s) { return s as unknown as { name: string }; }
    }
    return undefined;
  }

  /** Whether the pods get an API token: as given, else once API access was granted. */
  public get automountToken(): boolean {
    return this.explicitAutomount ?? this.grants.length > 0;
  }
}

/** The library's error for one of the daemon's problems. */
export function errorOf(st: DaemonState, p: Problem): Error {
  return propError(st.daemon, p.prop, p.value, p.problem, p.fix);
}
