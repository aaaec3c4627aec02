import * as kplus from 'cdk8s-plus-27';
import { DaemonContainerOptions } from './pod/container';
import { DaemonPodOptions } from './pod/pod-options';
import { UpdateStrategy } from './rollout/update-strategy';
import { DaemonSchedulingOptions } from './scheduling/scheduling-options';

// The props of a NodeDaemon and the options of its methods: the public surface of src/node-daemon.ts.

/**
 * Options of `NodeDaemon.restrictIngress`.
 */
export interface IngressPolicyOptions {
  /**
   * Who may connect: cdk8s-plus network-policy peers, e.g. `kplus.Pods.select(...)`,
   * `kplus.Namespaces.select(...)`, `kplus.NetworkPolicyIpBlock.ipv4(...)`, a cdk8s-plus workload or
   * another NodeDaemon.
   */
  readonly peers: kplus.INetworkPolicyPeer[];

  /**
   * Names of the container ports they may reach.
   * @default - the ports of the daemon's Services, or every declared port when it has none
   */
  readonly ports?: string[];
}

/**
 * Options of `NodeDaemon.grantApiAccess`.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export interface ApiAccessOptions {
  /**
   * The API resources, e.g. `kplus.ApiResource.PODS`, `kplus.ApiResource.NAMESPACES`, or
   * `kplus.ApiResource.custom({ apiGroup: '', resourceType: 'nodes/proxy' })`.
   */
  readonly resources: kplus.IApiEndpoint[];

  /**
   * The verbs allowed on them.
   * @default ['get', 'list', 'watch'] - read access
   */
  readonly verbs?: string[];
}

/**
 * A problem a daemon (or a preset built on it) finds in its configuration, reported at synth time as
 * `[path] prop = value: problem. Fix: fix`.
 */
export interface DaemonProblem {
  /** The prop, e.g. `collectors[2]`. */
  readonly prop: string;
  /** The bad value, as text. */
  readonly value: string;
  /** What is wrong with it. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Every option of a `NodeDaemon` but the image: what presets (`MonitoringDaemon`, `LogCollector`,
 * `NodeScopedApp`) extend with their own defaults.
 */
export interface NodeDaemonOptions extends DaemonContainerOptions, DaemonSchedulingOptions, DaemonPodOptions {
  /**
   * The logical daemon's name: the `app.kubernetes.io/name` label every DaemonSet, pod and Service of
   * it carries, and the default name of its objects. A DNS-1123 subdomain of at most 63 characters.
   * @default - the construct id in kebab-case (`NodeExporter` becomes `node-exporter`)
   */
  readonly name?: string;

  /**
   * Name of the base DaemonSet object (any DNS-1123 subdomain, up to 253 characters); variants are
   * `<daemonSetName>-<variant>`.
   * @default - the name
   */
  readonly daemonSetName?: string;

  /**
   * Name of the main container (a DNS-1123 label), e.g. `prometheus` in a DaemonSet named `prometheus-daemonset`.
   * @default - the name, with '.' turned into '-'
   */
  readonly containerName?: string;

  /**
   * Namespace of every object.
   * @default - the enclosing DaemonNamespace's name, else the chart's namespace, else none (kubectl's current namespace)
   */
  readonly namespace?: string;

  /**
   * The `app.kubernetes.io/instance` label; with `name` it identifies the logical daemon.
   * @default - the name
   */
  readonly instance?: string;

  /**
   * The `app.kubernetes.io/component` label.
   * @default 'node-daemon'
   */
  readonly component?: string;

  /**
   * The `app.kubernetes.io/part-of` label: the application this daemon belongs to.
   * @default - the name
   */
  readonly partOf?: string;

  /**
   * Extra labels on every object and on the pods.
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations on every object (not the pods: see podAnnotations).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Adopt a DaemonSet that already runs (made by Helm or kubectl): the exact `spec.selector.matchLabels`
   * it has, which Kubernetes never lets change. The base DaemonSet then uses this selector instead of
   * the library's, and its pods carry these labels too, so `kubectl apply` updates the running
   * DaemonSet in place instead of failing on an immutable selector. Only for adoption: a new daemon
   * should keep the library's selector.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#pod-selector
   * @default - the library's selector: `app.kubernetes.io/name`, `app.kubernetes.io/instance` and `cdk8s-daemons.io/variant: default`
   */
  readonly adoptedSelector?: { [key: string]: string };

  /**
   * Mount a Kubernetes API token into the pods. Only daemons that call the API need it;
   * `grantApiAccess` turns it on.
   * @default - false, or true once the daemon is granted API access
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * An existing ServiceAccount to run as (a cdk8s-plus `ServiceAccount`, or
   * `kplus.ServiceAccount.fromServiceAccountName(...)`), instead of one of the daemon's own.
   * @default - a ServiceAccount of its own, named like the daemon, with token automount off
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * How pods are replaced when the template changes. Written out in full either way.
   * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
   * @default UpdateStrategy.rollingUpdate() - maxUnavailable 1, maxSurge 0 (the apps/v1 defaults)
   */
  readonly updateStrategy?: UpdateStrategy;

  /**
   * Seconds a new pod must be ready, without crashing, before it counts as available and the
   * rollout moves on to the next node.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/#DaemonSetSpec
   * @default 0
   */
  readonly minReadySeconds?: number;

  /**
   * Old revisions kept for `kubectl rollout undo`.
   * @see https://kubernetes.io/docs/tasks/manage-daemon/rollback-daemon-set/
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * Props of a `NodeDaemon`: one container image that runs once on every node (or a chosen subset),
 * with secure defaults and host access only when asked for.
 */
export interface NodeDaemonProps extends NodeDaemonOptions {
  /** The main container's image, e.g. `quay.io/prometheus/node-exporter:v1.6.1`. */
  readonly image: string;
}
