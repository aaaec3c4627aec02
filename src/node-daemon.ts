import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppIndex, markIndexed, validOncePerSynth } from './app-index';
import { grantApiAccess } from './daemon/api-access';
import { appProblems, checkIdentity, configNamespaceProblems, ingressProblems, rolloutProblems, throwChecksumAnnotation, variantProblems } from './daemon/checks';
import { restrictIngress } from './daemon/ingress';
import { daemonSetProps, podSecurity } from './daemon/render';
import { DaemonServiceAccount } from './daemon/service-account';
import { DaemonState } from './daemon/state';
import { addDebugPod, DebugPodOptions } from './debug-pod';
import { DaemonServiceModel } from './expose/service';
import { ServiceExposeOptions } from './expose/service-options';
import { ApiAccessOptions, DaemonProblem, IngressPolicyOptions, NodeDaemonProps } from './node-daemon-props';
import { DaemonSetObject, oncePerSynth } from './output/synth-memo';
import { CONFIG_CHECKSUM_ANNOTATION } from './pod/config-checksum';
import { DaemonContainerProps, DaemonPort } from './pod/container';
import { Problem } from './pod/container-model';
import { DaemonContainer } from './pod/daemon-container';
import { PodSecurityLevel, PodSecurityViolation } from './pod/pod-security';
import { PodTemplateModel } from './pod/pod-template';
import { ConfigMapVolume, ContainerVolumeMount, EmptyDirVolume, HostPathMount, SecretVolume } from './pod/volumes';
import { UpdateStrategy } from './rollout/update-strategy';
import { NodeSelectorTerm } from './scheduling/node-affinity';
import { PodAffinityTerm } from './scheduling/pod-affinity';
import { Toleration } from './scheduling/toleration';
import { renderStaticPod, StaticPod, StaticPodOptions } from './static-pod';
import { checkedId } from './util/construct-id';
import { propError, show } from './util/errors';
import { NODE_DAEMON_MARK } from './util/marks';
import { kebabCase, versionOfImage } from './util/names';
import { checkProps, RequiredProp } from './util/props';
import { snapshot } from './util/snapshot';
import { BASE_VARIANT, NodeDaemonVariant, VARIANT_LABEL, VariantOptions, VERSION_LABEL } from './variant';

export type { ApiAccessOptions, DaemonProblem, IngressPolicyOptions, NodeDaemonOptions, NodeDaemonProps } from './node-daemon-props';

/** The prop every NodeDaemon needs. */
const IMAGE_PROP: RequiredProp = { key: 'image', type: 'string', example: '\'quay.io/prometheus/node-exporter:v1.6.1\'' };

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
  /** @internal the daemon's state behind its public surface (see src/daemon/) */
  public readonly _state: DaemonState;

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
      const st = new DaemonState(this, {
        explicitNamespace: props.namespace,
        annotations: props.annotations ? snapshot(props.annotations) : undefined,
        adoptedSelector: props.adoptedSelector ? snapshot(props.adoptedSelector) : undefined,
        ownServiceAccount: props.serviceAccount === undefined,
        explicitAutomount: props.automountServiceAccountToken,
        minReadySeconds: props.minReadySeconds,
        revisionHistoryLimit: props.revisionHistoryLimit,
      }, props.updateStrategy ?? UpdateStrategy.rollingUpdate(), () => this.throwFirstFinal());
      this._state = st;
      checkIdentity(st, props, id);

      // frozen: what the Services, NetworkPolicy and selectors are made of cannot be changed from outside
      this.selectorLabels = snapshot({ 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': this.instance });
      this.daemonSetSelectorLabels = st.adoptedSelector ?? snapshot({ ...this.selectorLabels, [VARIANT_LABEL]: BASE_VARIANT });
      // the version of what runs, from the image tag (a label of the user's takes precedence)
      const version = versionOfImage(props.image ?? '');
      // (built by assignment: an object literal spreading `{ [key]: value }` costs V8 about 5 µs, 20x this)
      const labels: { [key: string]: string } = {};
      if (version) { labels[VERSION_LABEL] = version; }
      this.labels = Object.freeze(Object.assign(labels, props.labels, this.selectorLabels, {
        'app.kubernetes.io/component': props.component ?? 'node-daemon',
        'app.kubernetes.io/part-of': props.partOf ?? this.name,
        'app.kubernetes.io/managed-by': 'cdk8s-daemons',
      }));

      this._pod = new PodTemplateModel(Object.assign({}, props, { containerName: props.containerName ?? this.name.replace(/\./g, '-') }));
      st.pod = this._pod;
      this.container = DaemonContainer._of(this._pod.main);

      this.serviceAccount = props.serviceAccount
        ?? new DaemonServiceAccount(this, 'ServiceAccount', st.metadataFor(this.name), props.automountServiceAccountToken ?? false);
      this.daemonSet = new DaemonSetObject(this, 'DaemonSet', daemonSetProps(st, st.baseIdentity()));
      this.node.defaultChild = this.daemonSet;

      this.throwFirst(false);
      // cdk8s validates the app again for every chart it renders: within one synth scope, a
      // daemon found valid is not checked again.
      // one validation for the daemon and its Services (their problems after its own, Service by Service)
      this.node.addValidation(validOncePerSynth(this, () => [
        ...this.finalProblems().map(p => `${p.prop} = ${show(p.value)}: ${p.problem}. Fix: ${p.fix}`),
        ...st.services.flatMap(service => service.validationErrors()),
      ]));
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  /** Namespace of the daemon's objects, if any is set (prop, enclosing DaemonNamespace, or chart). */
  public get namespace(): string | undefined {
    return this._state.explicitNamespace ?? this._state.enclosingNamespace()?.name ?? ApiObject.of(this.daemonSet).metadata.namespace;
  }

  /** The strictest Pod Security Standards level the final pod spec meets (rules of v1.27). */
  public get podSecurityLevel(): PodSecurityLevel {
    return podSecurity(this._state).level;
  }

  /** Why the pod does not meet Pod Security "restricted" (empty when it does). */
  public get podSecurityViolations(): PodSecurityViolation[] {
    return podSecurity(this._state).violations;
  }

  /** The variants, in the order they were added. */
  public get variants(): NodeDaemonVariant[] {
    return [...this._state.variants];
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
    const variant = NodeDaemonVariant._create(this, id, name, options, selector, v => daemonSetProps(this._state, this._state.variantIdentity(v)));
    this._state.variants.push(variant);
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
    this._state.strategy = strategy;
  }

  /** The update strategy in force. */
  public get updateStrategy(): UpdateStrategy {
    return this._state.strategy;
  }

  /**
   * Gives the daemon's pods access to the Kubernetes API: a ClusterRole (child `ClusterRole`, a
   * cdk8s-plus ClusterRole named `<namespace>-<name>`) with exactly the verbs and resources granted,
   * bound to the daemon's ServiceAccount (child `ClusterRoleBinding`), and the API token mounted.
   */
  public grantApiAccess(options: ApiAccessOptions): void {
    grantApiAccess(this._state, options);
  }

  /** The ClusterRole made by grantApiAccess, if any. */
  public get apiAccessRole(): kplus.ClusterRole | undefined {
    return this._state.clusterRole;
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
    return this._state.services.find(s => s.id === 'Service')?.resource;
  }

  /** The headless Service made by exposeViaHeadlessService, if any. */
  public get headlessService(): k8s.KubeService | undefined {
    return this._state.services.find(s => s.headless)?.resource;
  }

  /**
   * Adds a NetworkPolicy (child `NetworkPolicy`, a cdk8s-plus NetworkPolicy) so the daemon's pods
   * accept connections only from `peers`, and only on the exposed ports. Not for hostNetwork
   * daemons: network policies do not apply to pods on the host network.
   */
  public restrictIngress(options: IngressPolicyOptions): kplus.NetworkPolicy {
    return restrictIngress(this._state, options);
  }

  /** The NetworkPolicy made by restrictIngress, if any. */
  public get networkPolicy(): kplus.NetworkPolicy | undefined {
    return this._state.ingressPolicy?.policy;
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
    if (key === CONFIG_CHECKSUM_ANNOTATION) { throwChecksumAnnotation(this._state, value); }
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
    return renderStaticPod(this._state, options, this.problems(true));
  }

  /**
   * Adds a Pod (child `id`) next to a daemon pod: required pod affinity on the daemon's labels per
   * hostname (optionally on one named node), the daemon's host paths mounted read-only at the same
   * paths under `/host`, as the nginx tutorial's `sleep` pod. A debugging aid, off the production path:
   * delete it when done.
   */
  public addDebugPod(id: string, options: DebugPodOptions = {}): k8s.KubePod {
    return addDebugPod(this._state, id, options);
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
    return this._state.metadataFor(name);
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
    const existing = this._state.services.find(s => s.id === id);
    if (existing) {
      const method = headless ? 'exposeViaHeadlessService' : 'exposeViaService';
      throw propError(this, `${method}.id`, id, `is taken: the daemon already has the Service '${existing.name}' with this id`,
        headless ? 'one headless Service already lists every pod' : 'give each further Service an id of its own, e.g. exposeViaService({ id: \'LoadBalancer\', type: kplus.ServiceType.LOAD_BALANCER })');
    }
    checkedId(this, id);
    const defaultName = id === 'Service' ? this.name : id === 'HeadlessService' ? `${this.name}-headless` : `${this.name}-${kebabCase(id)}`;
    const model = new DaemonServiceModel(this, id, headless, defaultName, {
      metadata: this._state.metadataFor(defaultName),
      selectorLabels: this.selectorLabels,
      ports: () => this.ports,
    }, options);
    this._state.services.push(model);
    return model.resource;
  }

  private throwFirst(final: boolean): void {
    const [first] = this.problems(final);
    if (first) { throw this.error(first); }
  }

  /** The render guard: the first of the daemon's own final problems, thrown. */
  private throwFirstFinal(): void {
    const [first] = this.ownFinalProblems();
    if (first) { throw this.error(first); }
  }

  /** problems(true), once per app synth in a synth scope (see oncePerSynth); elsewhere on every call. */
  private ownFinalProblems(): Problem[] {
    return oncePerSynth(this, () => this.problems(true));
  }

  private error(p: Problem): Error {
    return propError(this, p.prop, p.value, p.problem, p.fix);
  }

  /** Every problem of the daemon alone; `final` adds the checks that hold only once all add* calls are done. */
  private problems(final: boolean): Problem[] {
    const st = this._state;
    const out: Problem[] = [...this._pod.problems(final), ...rolloutProblems(st)];
    // Variants build node selections from the daemon's: only once those are valid.
    if (!out.length) { out.push(...variantProblems(st)); }
    if (final) {
      out.push(...ingressProblems(st));
      out.push(...configNamespaceProblems(st));
      for (const p of this.validateDaemon()) { out.push({ prop: p.prop, value: p.value, problem: p.problem, fix: p.fix }); }
    }
    return out;
  }

  /** The daemon's problems plus those only the whole app shows: duplicate objects, host port and path clashes. */
  private finalProblems(): Problem[] {
    return [...this.ownFinalProblems(), ...appProblems(this._state)];
  }


}
