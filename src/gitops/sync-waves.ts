import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validOncePerSynth } from '../app-index';

/** The annotation Argo CD orders a sync by (lower waves apply first and must be healthy before the next). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Waves by kind: namespaces, then identities, RBAC and config, then workloads, then monitors. */
const WAVES: { [kind: string]: number } = {
  Namespace: -2,
  ServiceAccount: -1,
  ClusterRole: -1,
  ClusterRoleBinding: -1,
  Role: -1,
  RoleBinding: -1,
  ConfigMap: -1,
  Secret: -1,
  PriorityClass: -1,
  DaemonSet: 0,
  Service: 0,
  NetworkPolicy: 0,
  Pod: 0,
  ServiceMonitor: 1,
  PodMonitor: 1,
};

const APPLIED = Symbol.for('cdk8s-daemons.ArgoCdSyncWaves');

/**
 * Argo CD sync waves for every object under a chart or app: Namespaces first (wave -2), then
 * ServiceAccounts, RBAC, ConfigMaps and Secrets (-1), then DaemonSets, Services and NetworkPolicies
 * (0), then ServiceMonitors and PodMonitors (1), so a daemon never starts before its ServiceAccount
 * or config, and a monitor never points at a Service that is not there yet. Off unless applied; an
 * object that already has a sync-wave annotation keeps it.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export class ArgoCdSyncWaves {
  /** Annotates the objects under `scope` at synth (objects added later included). */
  public static applyTo(scope: IConstruct): void {
    if (APPLIED in scope) { return; }
    Object.defineProperty(scope, APPLIED, { value: true });
    // Validations run before any object is serialized: the annotations are in place when it is.
    // cdk8s validates again for every chart: once per index is enough (a new object makes a new index).
    scope.node.addValidation(validOncePerSynth(scope, () => {
      for (const c of scope.node.findAll()) {
        if (!ApiObject.isApiObject(c)) { continue; }
        const wave = WAVES[c.kind];
        if (wave !== undefined && c.metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION] === undefined) {
          c.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
        }
      }
      return [];
    }));
  }

  /** The wave a kind goes in, or undefined for kinds left in Argo CD's default wave (0). */
  public static waveOf(kind: string): number | undefined {
    return WAVES[kind];
  }

  private constructor() {}
}
