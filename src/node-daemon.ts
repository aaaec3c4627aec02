import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { AppIndex, markIndexed, validOncePerIndex } from './app-index';
import { DebugPodOptions } from './debug-pod';
import { DaemonServiceModel } from './expose/service';
import { ServiceExposeOptions } from './expose/service-options';
import { PlatformProfile } from './platform-profile';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, configsInOtherNamespaces } from './pod/config-checksum';
import { DaemonContainerOptions, DaemonContainerProps, DaemonPort } from './pod/container';
import { mergeEnv, Problem } from './pod/container-model';
import { DaemonContainer } from './pod/daemon-container';
import { DaemonPodOptions } from './pod/pod-options';
import { evaluatePodSecurity, PodSecurityLevel, PodSecurityViolation } from './pod/pod-security';
import { annotationProblems, hostPathVolumeName, labelProblems, PodTemplateModel } from './pod/pod-template';
import { ConfigMapVolume, ContainerVolumeMount, EmptyDirVolume, HostPathMount, SecretVolume } from './pod/volumes';
import { surgeDeadlock } from './preview/rollout-rules';
import { UpdateStrategy, UpdateStrategyType } from './rollout/update-strategy';
import { NodeSelectorTerm } from './scheduling/node-affinity';
import { and, Dnf, EVERY_NODE, not, overlap, selectionOf } from './scheduling/node-selection';
import { PodAffinityTerm } from './scheduling/pod-affinity';
import { unsatisfiableReason } from './scheduling/satisfiability';
import { DaemonSchedulingOptions } from './scheduling/scheduling-options';
import { Toleration } from './scheduling/toleration';
import { StaticPod, StaticPodOptions } from './static-pod';
import { INT32_MAX } from './util/bounds';
import { checkedId } from './util/construct-id';
import { propError, show } from './util/errors';
import { DAEMON_NAMESPACE_MARK, NODE_DAEMON_MARK } from './util/marks';
import { dns1123LabelProblem, dns1123SubdomainProblem, kebabCase, labelValueProblem } from './util/names';
import { checkProps, RequiredProp } from './util/props';
import { snapshot } from './util/snapshot';
import { BASE_VARIANT, NodeDaemonVariant, VARIANT_LABEL, VariantOptions } from './variant';

/** The app.kubernetes.io labels the library manages, with the prop that sets each. */
const MANAGED_LABELS: { [key: string]: string } = {
  'app.kubernetes.io/name': 'name',
  'app.kubernetes.io/instance': 'instance',
  'app.kubernetes.io/component': 'component',
  'app.kubernetes.io/part-of': 'partOf',
  'app.kubernetes.io/managed-by': '',
};
/** The prop every NodeDaemon needs. */
const IMAGE_PROP: RequiredProp = { key: 'image', type: 'string', example: '\'quay.io/prometheus/node-exporter:v1.6.1\'' };
/** Most node affinity terms the base DaemonSet may need to stay off its variants' nodes. */
const MAX_EXCLUSION_TERMS = 64;
/** The verbs of Kubernetes RBAC a grant may use (no `*`: least privilege names each one). */
const RBAC_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

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

/** One DaemonSet of the daemon: the base (no variant) or a variant. */
interface DaemonSetIdentity {
  readonly variant?: NodeDaemonVariant;
  readonly name: string;
  readonly selector: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
}

/**
 * One logical daemon: a DaemonSet (and one per variant) and what it needs: a pod on every node (or on
 * the nodes chosen), a ServiceAccount of its own, secure defaults, selectors that never change, and
 * synth-time errors for what the API server would reject.
 *
 * Children (fixed ids): `DaemonSet` (the default child), `ServiceAccount`; `Service`,
 * `HeadlessService` and other Services by their ids when exposed; `NetworkPolicy`; `ClusterRole` and
 * `ClusterRoleBinding` when granted API access; one child per variant, by its id.
 */
export class NodeDaemon extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** Whether `x` is a NodeDaemon (also across copies of this library). */
  public static isNodeDaemon(x: any): x is NodeDaemon {
    return x !== null && typeof x === 'object' && NODE_DAEMON_MARK in x;
  }

  /** The logical daemon's name (the `app.kubernetes.io/name` label). */
  public readonly name: string;
  /** Name of the base DaemonSet object. */
  public readonly daemonSetName: string;
  /** The `app.kubernetes.io/instance` label value. */
  public readonly instance: string;
  /** The base DaemonSet, rendered through the typed Kubernetes 1.27 class (the default child). */
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The ServiceAccount the pods run as: the daemon's own (child `ServiceAccount`) unless one was given. */
  public readonly serviceAccount: kplus.IServiceAccount;
  /** Labels that select every pod of the logical daemon, in all its DaemonSets (`app.kubernetes.io/name` and `instance`): what its Services select. */
  public readonly selectorLabels: { [key: string]: string };
  /** The base DaemonSet's `spec.selector.matchLabels`: its own pods only. */
  public readonly daemonSetSelectorLabels: { [key: string]: string };
  /** Labels on every object of this daemon. */
  public readonly labels: { [key: string]: string };
  /** The main container, to keep configuring it. */
  public readonly container: DaemonContainer;

  /** @internal */
  protected readonly _pod: PodTemplateModel;
  private readonly explicitNamespace?: string;
  private readonly annotations?: { [key: string]: string };
  private readonly adoptedSelector?: { [key: string]: string };
  private readonly ownServiceAccount: boolean;
  private readonly explicitAutomount?: boolean;
  private readonly minReadySeconds?: number;
  private readonly revisionHistoryLimit?: number;
  private strategy: UpdateStrategy;
  private readonly services: DaemonServiceModel[] = [];
  private readonly variantList: NodeDaemonVariant[] = [];
  private readonly grants: Array<{ readonly verbs: string[]; readonly resources: kplus.IApiEndpoint[] }> = [];
  private clusterRole?: kplus.ClusterRole;
  private ingressPolicy?: { readonly policy: kplus.NetworkPolicy; readonly ports: string[]; readonly explicit: boolean };

  constructor(scope: Construct, id: string, props: NodeDaemonProps) {
    super(scope, checkedId(scope, id));
    // Construction is all or nothing: a constructor that throws leaves nothing in the tree.
    try {
      // For JavaScript callers, as jsii checks them for other languages; a subclass's own props pass through.
      checkProps(this.node.path, 'NodeDaemonProps', props, [IMAGE_PROP], new.target === NodeDaemon);
      Object.defineProperty(this, NODE_DAEMON_MARK, { value: true });
      markIndexed(this);
      AppIndex.register(this);

      this.name = props.name ?? kebabCase(id);
      this.daemonSetName = props.daemonSetName ?? this.name;
      this.instance = props.instance ?? this.name;
      this.explicitNamespace = props.namespace;
      this.annotations = props.annotations ? snapshot(props.annotations) : undefined;
      this.adoptedSelector = props.adoptedSelector ? snapshot(props.adoptedSelector) : undefined;
      this.explicitAutomount = props.automountServiceAccountToken;
      this.minReadySeconds = props.minReadySeconds;
      this.revisionHistoryLimit = props.revisionHistoryLimit;
      this.strategy = props.updateStrategy ?? UpdateStrategy.rollingUpdate();
      this.checkIdentity(props, id);

      // frozen: what the Services, NetworkPolicy and selectors are made of cannot be changed from outside
      this.selectorLabels = snapshot({ 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': this.instance });
      this.daemonSetSelectorLabels = this.adoptedSelector ?? snapshot({ ...this.selectorLabels, [VARIANT_LABEL]: BASE_VARIANT });
      this.labels = snapshot({
        ...(props.labels ?? {}),
        ...this.selectorLabels,
        'app.kubernetes.io/component': props.component ?? 'node-daemon',
        'app.kubernetes.io/part-of': props.partOf ?? this.name,
        'app.kubernetes.io/managed-by': 'cdk8s-daemons',
      });

      this._pod = new PodTemplateModel({ ...props, containerName: props.containerName ?? this.name.replace(/\./g, '-') });
      this.container = DaemonContainer._of(this._pod.main);

      this.ownServiceAccount = props.serviceAccount === undefined;
      this.serviceAccount = props.serviceAccount ?? new kplus.ServiceAccount(this, 'ServiceAccount', {
        metadata: this.metadataFor(this.name),
        automountToken: props.automountServiceAccountToken ?? false,
      });
      this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', this.daemonSetProps(this.baseIdentity()));
      this.node.defaultChild = this.daemonSet;

      this.throwFirst(false);
      // cdk8s validates the app again for every chart it renders: within one pass or one DaemonsApp
      // synth (one index), a daemon found valid is not checked again.
      this.node.addValidation(validOncePerIndex(this, () => this.finalProblems().map(p => `${p.prop} = ${show(p.value)}: ${p.problem}. Fix: ${p.fix}`)));
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  /** Namespace of the daemon's objects, if any is set (prop, enclosing DaemonNamespace, or chart). */
  public get namespace(): string | undefined {
    return this.explicitNamespace ?? this.enclosingNamespace()?.name ?? ApiObject.of(this.daemonSet).metadata.namespace;
  }

  /** The strictest Pod Security Standards level the final pod spec meets (rules of v1.27). */
  public get podSecurityLevel(): PodSecurityLevel {
    return this.podSecurity().level;
  }

  /** Why the pod does not meet Pod Security "restricted" (empty when it does). */
  public get podSecurityViolations(): PodSecurityViolation[] {
    return this.podSecurity().violations;
  }

  /** The variants, in the order they were added. */
  public get variants(): NodeDaemonVariant[] {
    return [...this.variantList];
  }

  /**
   * Adds a variant: a DaemonSet of its own (child `id`, named `<daemonSetName>-<id in kebab-case>`) on
   * the nodes `options` selects, with its own image, args, env, resources or extra tolerations. The
   * base DaemonSet stays off those nodes, so every node runs exactly one pod of the daemon; variants
   * whose nodes could overlap are an error. Services and the NetworkPolicy cover every variant.
   */
  public addVariant(id: string, options: VariantOptions): NodeDaemonVariant {
    if (options === undefined || options === null) {
      throw propError(this, `addVariant('${id}')`, options, 'needs options that select the variant\'s nodes', 'give them, e.g. addVariant(\'gpu\', { nodeSelector: { \'example.com/gpu\': \'nvidia\' } })');
    }
    checkProps(`${this.node.path}/${id}`, 'VariantOptions', options);
    const name = kebabCase(checkedId(this, id));
    const selector = { ...this.selectorLabels, [VARIANT_LABEL]: name };
    const variant = NodeDaemonVariant._create(this, id, name, options, selector, v => this.daemonSetProps(this.variantIdentity(v)));
    this.variantList.push(variant);
    return variant;
  }

  /** Adds a sidecar container; returns it to keep configuring it. */
  public addContainer(props: DaemonContainerProps): DaemonContainer {
    const model = this._pod.newSidecar(props);
    this._pod.sidecars.push(model);
    return DaemonContainer._of(model);
  }

  /** Adds an init container, run after those already added; returns it to keep configuring it. */
  public addInitContainer(props: DaemonContainerProps): DaemonContainer {
    const model = this._pod.newInit(props);
    this._pod.inits.push(model);
    return DaemonContainer._of(model);
  }

  /** Mounts a host path into the main container (read-only unless `readOnly: false`). */
  public addHostPathMount(mount: HostPathMount): void {
    this._pod.hostPaths.push(snapshot(mount));
  }

  /** Adds an emptyDir volume (mounted into the main container when `mountPath` is given). */
  public addEmptyDir(volume: EmptyDirVolume): void {
    this._pod.emptyDirs.push(snapshot(volume));
  }

  /** Mounts one of the daemon's volumes into the main container. */
  public addVolumeMount(mount: ContainerVolumeMount): void {
    this.container.addVolumeMount(mount);
  }

  /** Sets an environment variable of the main container. */
  public addEnv(name: string, value: kplus.EnvValue): void {
    this.container.addEnv(name, value);
  }

  /** Adds a port to the main container. */
  public addPort(port: DaemonPort): void {
    this.container.addPort(port);
  }

  /** Mounts a ConfigMap as files (read-only); see `configMapVolumes`. */
  public addConfigMapVolume(volume: ConfigMapVolume): void {
    this._pod.configMapVolumes.push(volume);
  }

  /** Mounts a Secret as files (read-only); see `secretVolumes`. */
  public addSecretVolume(volume: SecretVolume): void {
    this._pod.secretVolumes.push(volume);
  }

  /** Replaces the update strategy; the same checks apply as for the prop, at synth. */
  public useUpdateStrategy(strategy: UpdateStrategy): void {
    this.strategy = strategy;
  }

  /** The update strategy in force. */
  public get updateStrategy(): UpdateStrategy {
    return this.strategy;
  }

  /**
   * Gives the daemon's pods access to the Kubernetes API: a ClusterRole (child `ClusterRole`, a
   * cdk8s-plus ClusterRole named `<namespace>-<name>`) with exactly the verbs and resources granted,
   * bound to the daemon's ServiceAccount (child `ClusterRoleBinding`), and the API token mounted.
   */
  public grantApiAccess(options: ApiAccessOptions): void {
    checkProps(this.node.path, 'ApiAccessOptions', options, [{ key: 'resources', type: 'array', example: '[kplus.ApiResource.PODS]' }]);
    const verbs = options.verbs ?? ['get', 'list', 'watch'];
    if (options.resources.length === 0) {
      throw propError(this, 'grantApiAccess.resources', [], 'names no resource', 'list the resources the daemon reads, e.g. [kplus.ApiResource.PODS]');
    }
    if (verbs.length === 0) {
      throw propError(this, 'grantApiAccess.verbs', [], 'names no verb', 'leave verbs out for read access (get, list, watch)');
    }
    verbs.forEach((v, i) => {
      if (!RBAC_VERBS.includes(v)) {
        throw propError(this, `grantApiAccess.verbs[${i}]`, v, v === '*' ? 'grants every verb, more than a daemon needs' : 'is not a Kubernetes API verb', `name each verb: ${RBAC_VERBS.join(', ')}`);
      }
    });
    options.resources.forEach((r, i) => {
      const resource = r.asApiResource();
      const type = resource?.resourceType ?? '';
      if (!resource || type === '' || type.includes('*')) {
        throw propError(this, `grantApiAccess.resources[${i}]`, type || r.asNonApiResource(), 'is not one named API resource', 'name the resource, e.g. kplus.ApiResource.PODS or kplus.ApiResource.custom({ apiGroup: \'\', resourceType: \'nodes/proxy\' })');
      }
    });
    if (this.ownServiceAccount && this.namespace === undefined) {
      throw propError(this, 'namespace', undefined, 'is not set, and the ClusterRoleBinding must name the namespace of the ServiceAccount it binds (the API server refuses a subject without one)',
        'give the daemon a namespace (the namespace prop, a DaemonNamespace, or the chart\'s namespace)');
    }
    if (this.explicitAutomount === false) {
      throw propError(this, 'automountServiceAccountToken', false, 'keeps the API token out of the pods, so the access granted could never be used', 'leave automountServiceAccountToken out: granting API access mounts the token');
    }
    if (!this.clusterRole) {
      const name = this.namespace ? `${this.namespace}-${this.name}` : this.name;
      this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name, labels: { ...this.labels }, annotations: this.annotations && { ...this.annotations } } });
      const binding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name, labels: { ...this.labels }, annotations: this.annotations && { ...this.annotations } },
        role: this.clusterRole,
      });
      binding.addSubjects(this.serviceAccount);
    }
    this.clusterRole.allow([...verbs], ...options.resources);
    this.grants.push({ verbs: [...verbs], resources: [...options.resources] });
  }

  /** The ClusterRole made by grantApiAccess, if any. */
  public get apiAccessRole(): kplus.ClusterRole | undefined {
    return this.clusterRole;
  }

  /**
   * Exposes the daemon (every variant) through a Service, ClusterIP by default: ports chosen by
   * container port name (default: all), Service port numbers of your choice, NodePort or
   * LoadBalancer with fixed node ports, and `internalTrafficPolicy: LOCAL` for node-local routing.
   * The first Service is child `Service`, named like the daemon; give `id` for more (a NodePort and
   * a LoadBalancer, say), each named `<name>-<id in kebab-case>` unless `name` is given.
   */
  public exposeViaService(options: ServiceExposeOptions = {}): k8s.KubeService {
    return this.expose(options.id ?? 'Service', false, options);
  }

  /**
   * Exposes every daemon pod in DNS through a headless Service (child `HeadlessService`,
   * `clusterIP: None`, named `<name>-headless` by default). Once per daemon; combines with exposeViaService.
   */
  public exposeViaHeadlessService(options: ServiceExposeOptions = {}): k8s.KubeService {
    return this.expose(options.id ?? 'HeadlessService', true, options);
  }

  /** The Service made by the first exposeViaService, if any. */
  public get service(): k8s.KubeService | undefined {
    return this.services.find(s => s.id === 'Service')?.resource;
  }

  /** The headless Service made by exposeViaHeadlessService, if any. */
  public get headlessService(): k8s.KubeService | undefined {
    return this.services.find(s => s.headless)?.resource;
  }

  /**
   * Adds a NetworkPolicy (child `NetworkPolicy`, a cdk8s-plus NetworkPolicy) so the daemon's pods
   * accept connections only from `peers`, and only on the exposed ports. Not for hostNetwork
   * daemons: network policies do not apply to pods on the host network.
   */
  public restrictIngress(options: IngressPolicyOptions): kplus.NetworkPolicy {
    checkProps(this.node.path, 'IngressPolicyOptions', options, [{ key: 'peers', type: 'array', example: '[kplus.Namespaces.select(this, \'Monitoring\', { names: [\'monitoring\'] })]' }]);
    if (this.ingressPolicy) {
      throw propError(this, 'restrictIngress', options.ports ?? this.ingressPolicy.ports, `was already called for this daemon (its NetworkPolicy '${this.ingressPolicy.policy.name}' allows ${this.ingressPolicy.ports.join(', ')})`, 'pass every peer in one call: restrictIngress({ peers: [a, b] })');
    }
    if (this._pod.hostNetwork) {
      throw propError(this, 'restrictIngress', this.name, 'cannot protect a hostNetwork daemon: network policies do not apply to pods on the host network, so the policy would silently allow everything', 'use node firewall rules, or drop hostNetwork');
    }
    if (options.peers.length === 0) {
      throw propError(this, 'restrictIngress.peers', [], 'lists no peer, which would deny every connection', 'name who may connect, e.g. kplus.Namespaces.select(this, \'Monitoring\', { names: [\'monitoring\'] })');
    }
    const exposed = [...new Set(this.services.flatMap(s => s.exposedPorts().map(p => p.name)))];
    const names = options.ports ?? (exposed.length ? exposed : this.ports.map(p => p.name));
    const known = this.ports.map(p => p.name);
    names.forEach((n, i) => {
      if (!known.includes(n)) {
        throw propError(this, `restrictIngress.ports[${i}]`, n, 'names no container port of the daemon', `use one of the declared port names (${known.join(', ') || 'none: declare ports first'})`);
      }
    });
    if (options.ports !== undefined && options.ports.length === 0) {
      throw propError(this, 'restrictIngress.ports', [], 'lists no port, and a NetworkPolicy rule without ports allows every port',
        'name the ports the peers may reach, or leave ports out to allow the exposed ones');
    }
    if (!names.length) {
      throw propError(this, 'restrictIngress.ports', [], 'the daemon declares no port to allow', 'declare the ports first (ports prop or addPort), then call restrictIngress');
    }
    const ports = this.ports.filter(p => names.includes(p.name)).map(p => kplus.NetworkPolicyPort.of({
      port: p.number,
      protocol: (p.protocol ?? kplus.Protocol.TCP) as string as kplus.NetworkProtocol,
    }));
    const policy = new kplus.NetworkPolicy(this, 'NetworkPolicy', {
      metadata: this.metadataFor(this.name),
      selector: this,
      ingress: { rules: options.peers.map(peer => ({ peer, ports })) },
    });
    this.ingressPolicy = { policy, ports: names, explicit: options.ports !== undefined };
    return policy;
  }

  /** The NetworkPolicy made by restrictIngress, if any. */
  public get networkPolicy(): kplus.NetworkPolicy | undefined {
    return this.ingressPolicy?.policy;
  }

  /** @see kplus.IPodSelector: every pod of the logical daemon (all variants), in its namespace. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    const namespace = this.namespace;
    return {
      labelSelector: kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }),
      namespaces: namespace ? { names: [namespace] } : undefined,
    };
  }

  /** @see kplus.INetworkPolicyPeer */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see kplus.INetworkPolicyPeer */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }

  /** Adds an annotation to the pods. */
  public addPodAnnotation(key: string, value: string): void {
    if (key === CONFIG_CHECKSUM_ANNOTATION) { this.throwChecksumAnnotation(value); }
    this._pod.podAnnotations[key] = value;
  }

  /** Adds tolerations. */
  public addToleration(...tolerations: Toleration[]): void {
    this._pod.scheduling.tolerations.push(...tolerations);
  }

  /** Requires a node label (added to the nodeSelector). */
  public addNodeSelector(key: string, value: string): void {
    const prior = this._pod.scheduling.nodeSelector[key];
    if (prior !== undefined && prior !== value) {
      throw propError(this, `nodeSelector['${key}']`, value, `is already '${prior}'; a node label has one value, so both can never hold`, 'set each nodeSelector key once');
    }
    this._pod.scheduling.nodeSelector[key] = value;
  }

  /** Adds a required node affinity term; a node must meet at least one required term (OR). */
  public addRequiredNodeAffinity(term: NodeSelectorTerm): void {
    this._pod.scheduling.requiredNodeTerms.push(term);
  }

  /** Adds a preferred node affinity term with a weight from 1 to 100. */
  public addPreferredNodeAffinity(weight: number, term: NodeSelectorTerm): void {
    this._pod.scheduling.preferredNodeTerms.push({ weight, term });
  }

  /** Adds a required pod affinity term. */
  public addRequiredPodAffinity(term: PodAffinityTerm): void {
    this._pod.scheduling.podAffinity.required.push(term);
  }

  /** Adds a preferred pod affinity term with a weight from 1 to 100. */
  public addPreferredPodAffinity(weight: number, term: PodAffinityTerm): void {
    this._pod.scheduling.podAffinity.preferred.push({ weight, term });
  }

  /** Adds a required pod anti-affinity term. */
  public addRequiredPodAntiAffinity(term: PodAffinityTerm): void {
    this._pod.scheduling.podAntiAffinity.required.push(term);
  }

  /** Adds a preferred pod anti-affinity term with a weight from 1 to 100. */
  public addPreferredPodAntiAffinity(weight: number, term: PodAffinityTerm): void {
    this._pod.scheduling.podAntiAffinity.preferred.push({ weight, term });
  }

  /**
   * Renders the daemon as a static Pod for a kubelet's manifest directory, for a daemon that must run
   * before (or without) the control plane. What a static Pod cannot have is an error: variants, API
   * access or a ServiceAccount of someone else's, ConfigMaps and Secrets, node selection (the file's
   * node is the node), and DaemonSet-only settings (OnDelete, minReadySeconds).
   */
  public toStaticPod(options: StaticPodOptions = {}): StaticPod {
    const [first] = [...this.problems(true), ...this.staticPodProblems()];
    if (first) { throw this.error(first); }
    const ds = this.baseIdentity();
    const { serviceAccountName: _sa, automountServiceAccountToken: _token, ...spec } = podSpecJson(this.renderPodSpec(ds));
    return StaticPod._of(this.daemonSetName, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: this.daemonSetName,
        namespace: options.namespace ?? this.namespace ?? 'kube-system',
        labels: { ...ds.podLabels },
        ...(Object.keys(this._pod.renderedAnnotations()).length ? { annotations: this._pod.renderedAnnotations() } : {}),
      },
      spec,
    });
  }

  /**
   * Adds a Pod (child `id`) next to a daemon pod: required pod affinity on the daemon's labels per
   * hostname (optionally on one named node), the daemon's host paths mounted read-only at the same
   * paths under `/host`, as the nginx tutorial's `sleep` pod. A debugging aid, off the production path:
   * delete it when done.
   */
  public addDebugPod(id: string, options: DebugPodOptions = {}): k8s.KubePod {
    const name = options.name ?? `${this.name}-debug-${kebabCase(checkedId(this, id))}`;
    // the name is also the Pod's app.kubernetes.io/name label: a DNS subdomain of at most 63 characters
    const nameProblem = dns1123SubdomainProblem(name) ?? labelValueProblem(name);
    if (nameProblem) {
      throw propError(this, 'addDebugPod.name', name, `${nameProblem} (it is the debug Pod's name and its app.kubernetes.io/name label)`,
        options.name === undefined ? `give a shorter name, e.g. addDebugPod('${id}', { name: '${this.name.slice(0, 40)}-debug' })` : 'give a lowercase name of at most 63 characters');
    }
    const hostPaths = this._pod.hostPaths;
    const root = options.runAsRoot ?? false;
    // Labels of its own: the daemon's Services and NetworkPolicy select by the daemon's name and instance.
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'debug', 'app.kubernetes.io/part-of': this.name, 'app.kubernetes.io/managed-by': 'cdk8s-daemons' };
    return new k8s.KubePod(this, id, {
      metadata: { name, namespace: this.metadataFor(name).namespace, labels },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{
              labelSelector: { matchLabels: { ...this.selectorLabels } },
              topologyKey: 'kubernetes.io/hostname',
            }],
          },
        },
        nodeSelector: options.nodeName ? { 'kubernetes.io/hostname': options.nodeName } : undefined,
        tolerations: this._pod.scheduling.render().tolerations,
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'debug',
          image: options.image ?? 'busybox:1.36',
          imagePullPolicy: 'IfNotPresent',
          command: options.command ?? ['sleep', 'infinity'],
          resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
          securityContext: {
            runAsUser: root ? 0 : 65534, runAsNonRoot: !root, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
          },
          volumeMounts: hostPaths.length ? hostPaths.map(m => ({ name: hostPathVolumeName(m), mountPath: `/host${m.path === '/' ? '' : m.path}`, readOnly: true })) : undefined,
        }],
        volumes: hostPaths.length ? hostPaths.map(m => ({ name: hostPathVolumeName(m), hostPath: { path: m.path, type: '' } })) : undefined,
      },
    });
  }

  /** All containers' ports, for exposing the daemon. */
  public get ports(): DaemonPort[] {
    return this._pod.ports;
  }

  /** Whether the pods use the node's network namespace. */
  public get hostNetwork(): boolean {
    return this._pod.hostNetwork;
  }

  /**
   * Metadata for an object the daemon (or a preset) adds: `name`, the daemon's namespace, labels
   * and annotations.
   */
  protected metadataFor(name: string): ApiObjectMetadata {
    const namespace = this.explicitNamespace ?? this.enclosingNamespace()?.name;
    return { name, namespace, labels: { ...this.labels }, annotations: this.annotations && { ...this.annotations } };
  }

  /**
   * A preset's own checks, run with the daemon's at synth time; each problem is reported as
   * `[path] prop = value: problem. Fix: fix`. Override it and include `super.validateDaemon()`.
   */
  protected validateDaemon(): DaemonProblem[] {
    return [];
  }

  private expose(id: string, headless: boolean, options: ServiceExposeOptions): k8s.KubeService {
    checkProps(this.node.path, 'ServiceExposeOptions', options);
    const existing = this.services.find(s => s.id === id);
    if (existing) {
      const method = headless ? 'exposeViaHeadlessService' : 'exposeViaService';
      throw propError(this, `${method}.id`, id, `is taken: the daemon already has the Service '${existing.name}' with this id`,
        headless ? 'one headless Service already lists every pod' : 'give each further Service an id of its own, e.g. exposeViaService({ id: \'LoadBalancer\', type: kplus.ServiceType.LOAD_BALANCER })');
    }
    checkedId(this, id);
    const defaultName = id === 'Service' ? this.name : id === 'HeadlessService' ? `${this.name}-headless` : `${this.name}-${kebabCase(id)}`;
    const model = new DaemonServiceModel(this, id, headless, defaultName, {
      metadata: this.metadataFor(defaultName),
      selectorLabels: this.selectorLabels,
      ports: () => this.ports,
    }, options);
    this.services.push(model);
    return model.resource;
  }

  private baseIdentity(): DaemonSetIdentity {
    return {
      name: this.daemonSetName,
      selector: this.daemonSetSelectorLabels,
      podLabels: { ...(this.adoptedSelector ?? {}), ...this.podLabelsOf(BASE_VARIANT) },
    };
  }

  private variantIdentity(variant: NodeDaemonVariant): DaemonSetIdentity {
    return { variant, name: `${this.daemonSetName}-${variant.name}`, selector: variant.selectorLabels, podLabels: this.podLabelsOf(variant.name) };
  }

  private identities(): DaemonSetIdentity[] {
    return [this.baseIdentity(), ...this.variantList.map(v => this.variantIdentity(v))];
  }

  private podLabelsOf(variant: string): { [key: string]: string } {
    return { ...this.labels, ...this._pod.podLabels, [VARIANT_LABEL]: variant };
  }

  private daemonSetProps(ds: DaemonSetIdentity): k8s.KubeDaemonSetProps {
    return {
      metadata: this.metadataFor(ds.name),
      spec: Lazy.any({ produce: (): k8s.DaemonSetSpec => this.renderSpec(ds) }),
    };
  }

  /** The variant's selection of nodes, as given (without the daemon's own). */
  private variantSelection(v: NodeDaemonVariant): Dnf {
    return selectionOf(v.options.nodeSelector ?? {}, v.options.requiredNodeAffinity?.map(t => t.requirements));
  }

  /** The base's own selection (nodeSelector and required terms). */
  private baseSelection(): Dnf {
    const s = this._pod.scheduling;
    return selectionOf(s.nodeSelector, s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : undefined);
  }

  /** Required terms of the base DaemonSet: its own, minus every variant's nodes. */
  private baseTerms(): Dnf | string {
    const s = this._pod.scheduling;
    let terms: Dnf = s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : EVERY_NODE;
    for (const v of this.variantList) {
      const excluded = not(this.variantSelection(v));
      if (typeof excluded === 'string') { return excluded; }
      terms = and(terms, excluded);
    }
    return terms.filter(t => !unsatisfiableReason(t, s.nodeSelector));
  }

  private schedulingFor(ds: DaemonSetIdentity): k8s.PodSpec {
    const s = this._pod.scheduling;
    const rendered = s.render();
    let required: Dnf | undefined;
    let nodeSelector = rendered.nodeSelector;
    let tolerations = rendered.tolerations;
    if (ds.variant) {
      const o = ds.variant.options;
      nodeSelector = { ...(nodeSelector ?? {}), ...(o.nodeSelector ?? {}) };
      const own: Dnf = s.requiredNodeTerms.length ? s.requiredNodeTerms.map(t => t.requirements) : EVERY_NODE;
      required = and(own, o.requiredNodeAffinity?.length ? o.requiredNodeAffinity.map(t => t.requirements) : EVERY_NODE);
      tolerations = [...(tolerations ?? []), ...(o.tolerations ?? []).map(t => t._toKube())];
    } else if (this.variantList.length) {
      const terms = this.baseTerms();
      required = typeof terms === 'string' ? [] : terms;
    }
    let affinity = rendered.affinity;
    if (required !== undefined) {
      const termsJson = required.filter(t => t.length).map(t => NodeSelectorTerm.of(...t)._toKube());
      const nodeAffinity: k8s.NodeAffinity = {
        ...(affinity?.nodeAffinity ?? {}),
        requiredDuringSchedulingIgnoredDuringExecution: termsJson.length ? { nodeSelectorTerms: termsJson } : undefined,
      };
      const hasNodeAffinity = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        || nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;
      affinity = hasNodeAffinity || affinity?.podAffinity || affinity?.podAntiAffinity
        ? { ...(affinity ?? {}), nodeAffinity: hasNodeAffinity ? nodeAffinity : undefined } : undefined;
    }
    return {
      ...rendered,
      nodeSelector: nodeSelector && Object.keys(nodeSelector).length ? nodeSelector : undefined,
      tolerations: tolerations?.length ? tolerations : undefined,
      affinity,
      containers: [],
    };
  }

  private renderPodSpec(ds: DaemonSetIdentity): k8s.PodSpec {
    const { containers: _none, ...scheduling } = this.schedulingFor(ds);
    const o = ds.variant?.options;
    return this._pod.renderPodSpec({
      serviceAccountName: this.serviceAccount.name,
      automountToken: this.automountToken,
      scheduling,
      main: o ? {
        image: o.image,
        args: o.args,
        env: o.env ? Object.entries(o.env).map(([name, value]) => ({ name, value })) : undefined,
        resources: o.resources,
      } : undefined,
    });
  }

  private renderSpec(ds: DaemonSetIdentity): k8s.DaemonSetSpec {
    // Construct validations run when a chart or app is synthesized; a direct toJson() call skips them,
    // so the daemon's own final checks also guard rendering: no invalid spec is ever written.
    this.throwFirst(true);
    const checksum = configChecksum(AppIndex.of(this), this.namespace, this._pod.configReferences());
    const allAnnotations = { ...this._pod.renderedAnnotations(), ...(checksum ? { [CONFIG_CHECKSUM_ANNOTATION]: checksum } : {}) };
    return {
      selector: { matchLabels: { ...ds.selector } },
      template: {
        metadata: { labels: { ...ds.podLabels }, annotations: Object.keys(allAnnotations).length ? allAnnotations : undefined },
        spec: this.renderPodSpec(ds),
      },
      updateStrategy: this.strategy._toKube(),
      minReadySeconds: this.minReadySeconds ?? 0,
      revisionHistoryLimit: this.revisionHistoryLimit ?? 10,
    };
  }

  private get automountToken(): boolean {
    return this.explicitAutomount ?? this.grants.length > 0;
  }

  private podSecurity() {
    const ds = this.baseIdentity();
    return evaluatePodSecurity(podSpecJson(this.renderPodSpec(ds)), { labels: ds.podLabels, annotations: this._pod.renderedAnnotations() });
  }

  private enclosingNamespace(): { name: string } | undefined {
    for (let s: IConstruct | undefined = this.node.scope; s; s = s.node.scope) {
      if (DAEMON_NAMESPACE_MARK in s) { return s as unknown as { name: string }; }
    }
    return undefined;
  }

  private checkIdentity(props: NodeDaemonProps, id: string): void {
    const nameProblem = dns1123SubdomainProblem(this.name) ?? labelValueProblem(this.name);
    if (nameProblem) {
      throw propError(this, 'name', this.name, `${nameProblem} (it is the app.kubernetes.io/name label, so a DNS-1123 subdomain of at most 63 characters)`, props.name === undefined
        ? `pass name: '<a-dns-name>' (the default comes from the construct id '${id}')`
        : 'use lowercase letters, digits, \'-\' and \'.\', at most 63 characters; a longer DaemonSet name goes in daemonSetName');
    }
    const dsProblem = dns1123SubdomainProblem(this.daemonSetName);
    if (dsProblem) { throw propError(this, 'daemonSetName', this.daemonSetName, dsProblem, 'use lowercase letters, digits, \'-\' and \'.\', at most 253 characters'); }
    if (props.containerName !== undefined) {
      const problem = dns1123LabelProblem(props.containerName);
      if (problem) { throw propError(this, 'containerName', props.containerName, `container name ${problem}`, 'use a lowercase name such as \'prometheus\''); }
    }
    if (props.namespace !== undefined) {
      const problem = dns1123LabelProblem(props.namespace);
      if (problem) { throw propError(this, 'namespace', props.namespace, problem, 'use an existing namespace name, e.g. \'monitoring\''); }
    }
    const enclosing = this.enclosingNamespace();
    if (enclosing && props.namespace !== undefined && props.namespace !== enclosing.name) {
      throw propError(this, 'namespace', props.namespace, `conflicts with the enclosing DaemonNamespace '${enclosing.name}'`, 'leave namespace out inside a DaemonNamespace, or create the daemon outside it');
    }
    for (const [prop, value] of [['instance', props.instance], ['component', props.component], ['partOf', props.partOf]] as const) {
      const problem = value === undefined ? undefined : labelValueProblem(value);
      if (problem) { throw propError(this, prop, value, `is a label value that ${problem}`, 'use a short name such as \'monitoring\''); }
    }
    for (const [prop, labels] of [['labels', props.labels], ['podLabels', props.podLabels]] as const) {
      for (const [key, value] of Object.entries(labels ?? {})) {
        if (Object.prototype.hasOwnProperty.call(MANAGED_LABELS, key) || key === VARIANT_LABEL) {
          const managedBy = MANAGED_LABELS[key];
          throw propError(this, `${prop}['${key}']`, value, 'is managed by cdk8s-daemons (it identifies the daemon and its DaemonSets)',
            managedBy ? `set it through the '${managedBy}' prop instead` : key === VARIANT_LABEL ? 'remove it: variants are made with addVariant' : 'remove it: cdk8s-daemons always sets it to \'cdk8s-daemons\'');
        }
      }
      const [first] = labelProblems(prop, labels);
      if (first) { throw this.error(first); }
    }
    const [annotationProblem] = annotationProblems('annotations', props.annotations);
    if (annotationProblem) { throw this.error(annotationProblem); }
    const checksum = props.podAnnotations?.[CONFIG_CHECKSUM_ANNOTATION];
    if (checksum !== undefined) { this.throwChecksumAnnotation(checksum); }
    if (props.serviceAccount) {
      const problem = dns1123SubdomainProblem(props.serviceAccount.name);
      if (problem) { throw propError(this, 'serviceAccount', props.serviceAccount.name, `ServiceAccount name ${problem}`, 'give the name of an existing ServiceAccount, e.g. kplus.ServiceAccount.fromServiceAccountName(this, \'SA\', \'fluentd\')'); }
    }
    if (this.adoptedSelector) { this.checkAdoptedSelector(props); }
  }

  private checkAdoptedSelector(props: NodeDaemonProps): void {
    const selector = this.adoptedSelector!;
    if (Object.keys(selector).length === 0) {
      throw propError(this, 'adoptedSelector', {}, 'is empty, and Kubernetes rejects a DaemonSet that selects every pod', 'give the running DaemonSet\'s spec.selector.matchLabels (kubectl get ds NAME -o jsonpath=\'{.spec.selector.matchLabels}\')');
    }
    const [first] = labelProblems('adoptedSelector', selector);
    if (first) { throw this.error(first); }
    const managed: { [key: string]: string } = { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': this.instance, ...(props.labels ?? {}), ...(props.podLabels ?? {}) };
    for (const [key, value] of Object.entries(selector)) {
      if (key === VARIANT_LABEL) {
        throw propError(this, `adoptedSelector['${key}']`, value, 'is the label cdk8s-daemons gives each variant', 'adopt the selector the running DaemonSet has, without the variant label');
      }
      if (managed[key] !== undefined && managed[key] !== value) {
        throw propError(this, `adoptedSelector['${key}']`, value, `conflicts with the pods' label ${key}=${managed[key]}, so the DaemonSet would select none of its own pods`, `set the prop that gives ${key} to '${value}', or adopt the selector as it is`);
      }
    }
  }

  private throwChecksumAnnotation(value: string): never {
    throw propError(this, `podAnnotations['${CONFIG_CHECKSUM_ANNOTATION}']`, value, 'is computed by cdk8s-daemons from the ConfigMaps and Secrets the pods use', 'remove it; mount the config with configMapVolumes/secretVolumes or reference it from env, and the checksum follows');
  }

  private throwFirst(final: boolean): void {
    const [first] = this.problems(final);
    if (first) { throw this.error(first); }
  }

  private error(p: Problem): Error {
    return propError(this, p.prop, p.value, p.problem, p.fix);
  }

  /** Every problem of the daemon alone; `final` adds the checks that hold only once all add* calls are done. */
  private problems(final: boolean): Problem[] {
    const out: Problem[] = [...this._pod.problems(final), ...this.rolloutProblems()];
    // Variants build node selections from the daemon's: only once those are valid.
    if (!out.length) { out.push(...this.variantProblems()); }
    if (final) {
      out.push(...this.ingressProblems());
      for (const { ref, namespaces } of configsInOtherNamespaces(AppIndex.of(this), this.namespace, this._pod.configReferences())) {
        out.push({
          prop: ref.source,
          value: ref.name,
          problem: `names a ${ref.kind} this app defines in namespace ${namespaces.map(n => `'${n}'`).join(', ')}, but the daemon runs in '${this.namespace ?? '(none)'}' and pods can only use their own namespace's ${ref.kind}s`,
          fix: `define the ${ref.kind} in the daemon's namespace (e.g. set its metadata.namespace to '${this.namespace ?? 'default'}')`,
        });
      }
      for (const p of this.validateDaemon()) { out.push({ prop: p.prop, value: p.value, problem: p.problem, fix: p.fix }); }
    }
    return out;
  }

  /** The daemon's problems plus those only the whole app shows: duplicate objects, host port and path clashes. */
  private finalProblems(): Problem[] {
    return [...this.problems(true), ...this.appProblems()];
  }

  private appProblems(): Problem[] {
    const index = AppIndex.of(this);
    const out: Problem[] = [];
    const own: Array<[string, IConstruct | undefined]> = [
      ['daemonSetName', this.daemonSet],
      ...this.variantList.map(v => [`addVariant('${v.node.id}')`, v.daemonSet] as [string, IConstruct]),
      ['name (its ServiceAccount)', this.ownServiceAccount ? this.serviceAccount as unknown as IConstruct : undefined],
      ...this.services.map(s => [`${s.method}.name`, s.resource] as [string, IConstruct]),
      ['restrictIngress (its NetworkPolicy)', this.ingressPolicy?.policy],
      ['grantApiAccess (its ClusterRole)', this.clusterRole],
    ];
    for (const [prop, c] of own) {
      if (!c) { continue; }
      const o = ApiObject.of(c);
      const others = index.sameObjects(o).map(x => x.node.path).sort();
      if (others.length) {
        out.push({ prop, value: o.name, problem: `makes ${o.kind} '${o.name}'${o.metadata.namespace ? ` in namespace '${o.metadata.namespace}'` : ''}, as does '${others.join('\', \'')}'; one would overwrite the other when applied`, fix: 'give one of them another name (name, daemonSetName or the Service\'s name)' });
      }
    }
    for (const s of this.services) {
      // as written: a node port set by JSON patch counts too
      for (const nodePort of index.nodePortsOf(s.resource)) {
        const others = index.servicesWithNodePort(nodePort, s.resource).map(x => x.node.path).sort();
        if (others.length) {
          out.push({ prop: `${s.method}.nodePorts`, value: nodePort, problem: `is also a node port of the Service at '${others.join('\', \'')}'; a node port is open on every node once (the API server rejects the second)`, fix: 'give each Service its own node port' });
        }
      }
    }
    const profiles = PlatformProfile._of(this);
    for (const ds of profiles.length ? this.identities() : []) {
      const where = ds.variant ? `addVariant('${ds.variant.node.id}') ` : '';
      // Platform rules read the whole pod spec (privileges, capabilities): render it.
      const podSpec = podSpecJson(this.renderPodSpec(ds));
      for (const profile of profiles) {
        for (const r of profile._refusals(podSpec)) {
          out.push({ prop: `${where}${r.field}`, value: r.value, problem: `${r.rule} (platform profile: ${profile.platform})`, fix: r.fix });
        }
      }
    }
    for (const ds of this.identities()) {
      const source = (ds.variant ?? this).node.path;
      const overlaps = index.selectorOverlapsOf(source);
      for (const { selecting, selected } of overlaps) {
        const mine = selecting.source === source;
        // When both select each other, each reports its own selector once.
        if (!mine && overlaps.some(o => o.selecting.source === source && o.selected.source === selecting.source)) { continue; }
        out.push({
          prop: mine ? (this.adoptedSelector && !ds.variant ? 'adoptedSelector' : 'name (its selector)') : 'podLabels',
          value: mine ? selecting.selector : selected.podLabels,
          problem: mine
            ? `selects the pods of the DaemonSet at '${selected.source}' too, so both controllers would claim them`
            : `are selected by the DaemonSet at '${selecting.source}' (${JSON.stringify(selecting.selector)}) too, so both controllers would claim these pods`,
          fix: 'give each daemon its own name or instance, and keep adopted selector labels off other daemons\' pods',
        });
      }
      for (const clash of index.hostClashesOf(source)) {
        const other = clash.a.source === source ? clash.b : clash.a;
        out.push({
          prop: clash.kind === 'hostPort' ? 'ports' : 'hostPathMounts',
          value: clash.what,
          problem: `is also used by the DaemonSet at '${other.source}' (${other.ref}), and both can run on one node (${clash.node}), so one of the pods ${clash.kind === 'hostPort' ? 'can never bind it and stays Pending' : 'overwrites the other\'s files'}`,
          fix: clash.kind === 'hostPort' ? 'use another port, or make the two daemons\' node selections exclusive' : 'give each daemon a host path of its own, or mount the shared one read-only',
        });
      }
    }
    return out;
  }

  private staticPodProblems(): Problem[] {
    const out: Problem[] = [];
    const refuse = (prop: string, value: unknown, problem: string, fix: string) => out.push({ prop, value, problem: `${problem}, which a static Pod cannot have`, fix });
    if (this.variantList.length) {
      refuse('addVariant', this.variantList.map(v => v.node.id), 'splits the daemon into DaemonSets per node group', 'put a different manifest on each kind of node instead');
    }
    if (this.grants.length) { refuse('grantApiAccess', this.grants.length, 'needs a ServiceAccount token from the API server', 'drop the API access, or keep it a DaemonSet'); }
    if (!this.ownServiceAccount) { refuse('serviceAccount', this.serviceAccount.name, 'names a ServiceAccount', 'leave serviceAccount out'); }
    for (const ref of this._pod.configReferences()) {
      refuse(ref.source, ref.name, `uses ${ref.kind} '${ref.name}' of the API server`, 'put the file on the node and mount it with hostPathMounts');
    }
    const s = this._pod.scheduling;
    if (Object.keys(s.nodeSelector).length || s.requiredNodeTerms.length || s.preferredNodeTerms.length) {
      refuse('nodeSelector', s.nodeSelector, 'selects nodes (the kubelet runs the manifests of its own directory)', 'place the file only on the nodes that should run it');
    }
    if (this.strategy.type === UpdateStrategyType.ON_DELETE) { refuse('updateStrategy', 'OnDelete', 'is a DaemonSet update strategy', 'leave updateStrategy out'); }
    if ((this.minReadySeconds ?? 0) > 0) { refuse('minReadySeconds', this.minReadySeconds, 'is a DaemonSet rollout setting', 'leave minReadySeconds out'); }
    return out;
  }

  private ingressProblems(): Problem[] {
    if (!this.ingressPolicy || this.ingressPolicy.explicit) { return []; }
    // The default of restrictIngress, evaluated now: the Services' ports, or every declared port without Services.
    const allowed = this.ingressPolicy.ports;
    const viaServices = this.services.length > 0;
    const expected = viaServices ? this.services.flatMap(sv => sv.exposedPorts().map(p => p.name)) : this.ports.map(p => p.name);
    const missing = [...new Set(expected)].filter(n => !allowed.includes(n));
    if (!missing.length) { return []; }
    return [{
      prop: 'restrictIngress',
      value: missing,
      problem: `the NetworkPolicy allows only ${allowed.map(n => `'${n}'`).join(', ')}, but the ${viaServices ? 'Services also expose' : 'daemon also declares'} ${missing.map(n => `'${n}'`).join(', ')} (exposed or added after restrictIngress), which the policy would silently block`,
      fix: 'call restrictIngress after exposing and declaring every port, or list the ports it allows with its ports option',
    }];
  }

  private rolloutProblems(): Problem[] {
    const out: Problem[] = [];
    for (const [key, v] of [['minReadySeconds', this.minReadySeconds], ['revisionHistoryLimit', this.revisionHistoryLimit]] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= INT32_MAX)) {
        out.push({ prop: key, value: v, problem: `must be a whole number from 0 to ${INT32_MAX}`, fix: key === 'minReadySeconds' ? 'give the seconds a new pod must stay ready, e.g. 10' : 'give how many old revisions to keep, e.g. 10' });
      }
    }
    // The rule is the one `cdk8s-daemons check` applies to anybody's YAML, fed with what it reads.
    const deadlock = this.strategy.surges ? surgeDeadlock({
      hostNetwork: this._pod.hostNetwork,
      containers: [this._pod.main, ...this._pod.sidecars].map(c => ({
        name: c.name,
        ports: c.ports.map(p => ({ name: p.name, containerPort: p.number, hostPort: p.hostPort })),
      })),
    }, { type: this.strategy.type, rollingUpdate: { maxSurge: this.strategy.maxSurge!.value } }) : undefined;
    if (deadlock) {
      const how = deadlock.viaHostNetwork ? `port ${deadlock.hostPort} (a host port, because of hostNetwork)` : `host port ${deadlock.hostPort}`;
      out.push({
        prop: 'updateStrategy.maxSurge',
        value: this.strategy.maxSurge!.value,
        problem: `surges a second pod onto each node while the old one still holds ${how}, port '${deadlock.port}' of container '${deadlock.container}', `
          + 'so the new pod can never be scheduled and the rollout hangs for ever (kubernetes/kubernetes#106417; the API server does not catch it)',
        fix: 'use UpdateStrategy.rollingUpdate({ maxUnavailable: ... }) so the old pod frees the port first, or drop the host port',
      });
    }
    return out;
  }

  private variantProblems(): Problem[] {
    const out: Problem[] = [];
    const s = this._pod.scheduling;
    const base = this.baseSelection();
    const full = new Map<NodeDaemonVariant, Dnf>();
    for (const v of this.variantList) {
      const o = v.options;
      const where = `addVariant('${v.node.id}')`;
      const variantProblem = dns1123LabelProblem(v.name);
      if (variantProblem || v.name === BASE_VARIANT) {
        out.push({ prop: where, value: v.name, problem: v.name === BASE_VARIANT ? `'${BASE_VARIANT}' is the base DaemonSet's variant label` : `variant name ${variantProblem}`, fix: 'give the variant an id such as \'gpu\' or \'arm64\'' });
        continue;
      }
      const dsName = `${this.daemonSetName}-${v.name}`;
      const dsProblem = dns1123SubdomainProblem(dsName);
      if (dsProblem) { out.push({ prop: where, value: dsName, problem: `makes a DaemonSet name that ${dsProblem}`, fix: 'use a shorter variant id or daemonSetName' }); }
      if (!Object.keys(o.nodeSelector ?? {}).length && !(o.requiredNodeAffinity?.length)) {
        out.push({ prop: `${where}.nodeSelector`, value: {}, problem: 'selects no nodes of its own: a variant takes over the nodes it selects from the base DaemonSet', fix: 'give nodeSelector (e.g. { \'example.com/gpu\': \'nvidia\' }) or requiredNodeAffinity' });
        continue;
      }
      const selectorProblems = labelProblems(`${where}.nodeSelector`, o.nodeSelector);
      if (selectorProblems.length) {
        out.push(...selectorProblems);
        continue;
      }
      for (const [key, value] of Object.entries(o.nodeSelector ?? {})) {
        const prior = s.nodeSelector[key];
        if (prior !== undefined && prior !== value) {
          out.push({ prop: `${where}.nodeSelector['${key}']`, value, problem: `contradicts the daemon's nodeSelector ${key}=${prior}, so the variant selects no node`, fix: 'select nodes the daemon runs on' });
        }
      }
      if (o.image !== undefined) {
        const [imageProblem] = this._pod.main.problemsWith({ image: o.image });
        if (imageProblem) { out.push({ ...imageProblem, prop: `${where}.${imageProblem.prop}` }); }
      }
      const env = o.env ? mergeEnv(this._pod.main.env, Object.entries(o.env).map(([name, value]) => ({ name, value }))) : undefined;
      for (const p of this._pod.main.problemsWith({ resources: o.resources, env })) {
        out.push({ ...p, prop: `${where}.${p.prop}` });
      }
      const selection = and(base, this.variantSelection(v));
      if (selection.length === 0) {
        out.push({ prop: where, value: this.describe(this.variantSelection(v)), problem: `selects no node the daemon itself runs on (${this.describe(base)})`, fix: 'select a subset of the daemon\'s nodes' });
        continue;
      }
      const excluded = not(this.variantSelection(v));
      if (typeof excluded === 'string') {
        out.push({ prop: `${where}.requiredNodeAffinity`, value: excluded, problem: 'uses Gt or Lt, whose opposite a node selector cannot write exactly (it must also hold for labels that are not integers), so the base DaemonSet could not stay off these nodes', fix: 'select the variant\'s nodes with In, NotIn, Exists or DoesNotExist' });
        continue;
      }
      if (this.adoptedSelector && Object.entries(this.adoptedSelector).every(([k, val]) => this.podLabelsOf(v.name)[k] === val)) {
        out.push({ prop: where, value: this.adoptedSelector, problem: 'has pods that the adopted selector of the base DaemonSet also selects, so two DaemonSets would fight over them', fix: 'keep the adopted selector\'s labels out of labels and podLabels (the base pods carry them anyway)' });
      }
      for (const [other, otherSelection] of full) {
        const both = overlap(selection, otherSelection);
        if (both) {
          out.push({
            prop: where,
            value: this.describe(this.variantSelection(v)),
            problem: `overlaps variant '${other.node.id}' (${this.describe(this.variantSelection(other))}): a node with ${both.map(r => r.toString()).join(' AND ') || 'any labels'} would run a pod of each`,
            fix: 'make the variants\' node selections exclusive, e.g. add a NotIn requirement to one of them',
          });
        }
      }
      full.set(v, selection);
    }
    if (this.variantList.length && !out.length) {
      const terms = this.baseTerms();
      if (typeof terms !== 'string' && terms.length > MAX_EXCLUSION_TERMS) {
        out.push({ prop: 'addVariant', value: terms.length, problem: `makes the base DaemonSet need ${terms.length} node affinity terms to stay off the variants' nodes`, fix: 'select the variants\' nodes with one label each (e.g. nodeSelector { \'example.com/hardware\': \'gpu\' })' });
      } else if (typeof terms !== 'string' && terms.length === 0) {
        out.push({ prop: 'addVariant', value: this.variantList.map(v => v.node.id), problem: 'the variants take every node the base DaemonSet could run on, so it would run no pod (and an empty node affinity is rejected)', fix: 'leave one kind of node to the base, or select the base\'s nodes with the daemon\'s own nodeSelector' });
      }
    }
    return out;
  }

  private describe(selection: Dnf): string {
    if (selection.length === 1 && selection[0].length === 0) { return 'every node'; }
    return selection.map(t => t.map(r => r.toString()).join(' AND ')).join(' OR ');
  }
}

/** A PodSpec as plain JSON (quantities and int-or-strings resolved), for the analysis rules. */
function podSpecJson(spec: k8s.PodSpec): any {
  return k8s.KubePod.manifest({ spec }).spec;
}

