import { Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { DaemonServiceModel } from './expose/service';
import { ServiceExposeOptions } from './expose/service-options';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, ConfigReference, configsInOtherNamespaces } from './pod/config-checksum';
import { DaemonContainerOptions, DaemonContainerProps, DaemonPort } from './pod/container';
import { ContainerModel, Problem, VolumeInfo } from './pod/container-model';
import { evaluatePodSecurity, PodSecurityLevel, PodSecurityViolation } from './pod/pod-security';
import { SchedulingModel } from './pod/scheduling-model';
import { ConfigMapVolume, ContainerVolumeMount, defaultHostPathVolumeName, EmptyDirVolume, HostPathMount, SecretVolume } from './pod/volumes';
import { UpdateStrategy } from './rollout/update-strategy';
import { NodeSelectorTerm } from './scheduling/node-affinity';
import { PodAffinityTerm } from './scheduling/pod-affinity';
import { DaemonSchedulingOptions } from './scheduling/scheduling-options';
import { Toleration } from './scheduling/toleration';
import { propError, show } from './util/errors';
import { DAEMON_NAMESPACE_MARK, NODE_DAEMON_MARK } from './util/marks';
import { dns1123LabelProblem, kebabCase, labelValueProblem, qualifiedNameProblem } from './util/names';
import { parseQuantity } from './util/quantity';


/** The largest value of an int32 field of the Kubernetes API. */
const INT32_MAX = 2147483647;

/** The app.kubernetes.io labels the library manages; users set them through props. */
const MANAGED_LABELS: { [key: string]: string } = {
  'app.kubernetes.io/name': 'name',
  'app.kubernetes.io/instance': 'instance',
  'app.kubernetes.io/component': 'component',
  'app.kubernetes.io/part-of': 'partOf',
  'app.kubernetes.io/managed-by': '',
};

/**
 * Options of `NodeDaemon.restrictIngress`.
 */
export interface IngressPolicyOptions {
  /**
   * Who may connect: cdk8s-plus network-policy peers, e.g. `kplus.Pods.select(...)`,
   * `kplus.Namespaces.select(...)`, `kplus.NetworkPolicyIpBlock.ipv4(...)`, a cdk8s-plus workload or
   * another NodeDaemon.
   */
  readonly from: kplus.INetworkPolicyPeer[];

  /**
   * Names of the container ports they may reach.
   * @default - the ports of the daemon's Services, or every declared port when it has none
   */
  readonly ports?: string[];
}

/**
 * Props of a `NodeDaemon`: one container image that runs once on every node (or a chosen subset),
 * with secure defaults and host access only when asked for.
 */
export interface NodeDaemonProps extends DaemonContainerOptions, DaemonSchedulingOptions {
  /** The main container's image, e.g. `quay.io/prometheus/node-exporter:v1.6.1`. */
  readonly image: string;

  /**
   * Name of the DaemonSet, its ServiceAccount and its main container; also the
   * `app.kubernetes.io/name` label. A DNS-1123 label.
   * @default - the construct id in kebab-case (`NodeExporter` becomes `node-exporter`)
   */
  readonly name?: string;

  /**
   * Namespace of every object.
   * @default - the enclosing DaemonNamespace's name, else the chart's namespace, else none (kubectl's current namespace)
   */
  readonly namespace?: string;

  /**
   * The `app.kubernetes.io/instance` label; with `name` it forms the selector, which Kubernetes never lets change.
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
   * Annotations on the pods (e.g. `prometheus.io/scrape`).
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Seconds a pod gets to shut down after SIGTERM before SIGKILL.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;

  /**
   * Use the node's network namespace: the pod has the node's IP and its ports are node ports.
   * Sets `dnsPolicy: ClusterFirstWithHostNet` so cluster names still resolve. Pod Security: privileged.
   * @default false
   */
  readonly hostNetwork?: boolean;

  /**
   * See the node's processes. Pod Security: privileged.
   * @default false
   */
  readonly hostPID?: boolean;

  /**
   * Use the node's IPC namespace. Pod Security: privileged.
   * @default false
   */
  readonly hostIPC?: boolean;

  /**
   * DNS policy of the pods.
   * @default - ClusterFirstWithHostNet with hostNetwork, else ClusterFirst
   */
  readonly dnsPolicy?: kplus.DnsPolicy;

  /**
   * Host paths mounted into the main container, read-only unless `readOnly: false`. Pod Security: privileged.
   * @default - none
   */
  readonly hostPathMounts?: HostPathMount[];

  /**
   * Scratch volumes shared by the pod's containers.
   * @default - none
   */
  readonly emptyDirs?: EmptyDirVolume[];

  /**
   * ConfigMaps mounted as read-only files. When the app defines them, their data feeds the pods'
   * `checksum/config` annotation, so a config change in Git rolls the pods.
   * @default - none
   */
  readonly configMapVolumes?: ConfigMapVolume[];

  /**
   * Secrets mounted as read-only files (mode 0400); their data feeds the config checksum too.
   * The pod's fsGroup is then the main container's runAsGroup, so non-root containers can read them.
   * @default - none
   */
  readonly secretVolumes?: SecretVolume[];

  /**
   * Sidecar containers, running beside the main container.
   * @default - none
   */
  readonly containers?: DaemonContainerProps[];

  /**
   * Init containers, run in order to completion before the main container starts; they share the pod's volumes.
   * @default - none
   */
  readonly initContainers?: DaemonContainerProps[];

  /**
   * Mount a Kubernetes API token into the pods. Only daemons that call the API need it.
   * @default false
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
   * @default 0
   */
  readonly minReadySeconds?: number;

  /**
   * Old revisions kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * A DaemonSet and what it needs: one pod on every node (or on the nodes chosen), a ServiceAccount
 * of its own, secure defaults, a selector that never changes, and synth-time errors for what the
 * API server would reject.
 *
 * Children (fixed ids): `DaemonSet`, `ServiceAccount`.
 */
export class NodeDaemon extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** Whether `x` is a NodeDaemon (also across copies of this library). */
  public static isNodeDaemon(x: any): x is NodeDaemon {
    return x !== null && typeof x === 'object' && NODE_DAEMON_MARK in x;
  }

  /** Name of the DaemonSet, ServiceAccount and main container. */
  public readonly name: string;
  /** The `app.kubernetes.io/instance` label value. */
  public readonly instance: string;
  /** The DaemonSet, rendered through the typed Kubernetes 1.27 class. */
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The ServiceAccount the pods run as: the daemon's own (child `ServiceAccount`) unless one was given. */
  public readonly serviceAccount: kplus.IServiceAccount;
  /** Labels that select this daemon's pods (`app.kubernetes.io/name` and `instance`). */
  public readonly selectorLabels: { [key: string]: string };
  /** Labels on every object and pod of this daemon. */
  public readonly labels: { [key: string]: string };

  private readonly props: NodeDaemonProps;
  private readonly explicitNamespace?: string;
  private readonly main: ContainerModel;
  private readonly sidecars: ContainerModel[] = [];
  private readonly inits: ContainerModel[] = [];
  private readonly hostPaths: HostPathMount[] = [];
  private readonly emptyDirVolumes: EmptyDirVolume[] = [];
  private readonly podAnnotations: { [key: string]: string };
  private readonly scheduling: SchedulingModel;
  private readonly configMapVolumes: ConfigMapVolume[] = [];
  private readonly secretVolumes: SecretVolume[] = [];
  private strategy: UpdateStrategy;
  private readonly services: DaemonServiceModel[] = [];
  private ingressPolicy?: { readonly policy: kplus.NetworkPolicy; readonly ports: string[]; readonly explicit: boolean };

  constructor(scope: Construct, id: string, props: NodeDaemonProps) {
    super(scope, id);
    Object.defineProperty(this, NODE_DAEMON_MARK, { value: true });
    this.props = props;

    this.name = props.name ?? kebabCase(id);
    this.checkName('name', this.name, props.name === undefined
      ? `pass name: '<a-dns-label>' (the default comes from the construct id '${id}')`
      : 'use lowercase letters, digits and \'-\', at most 63 characters');
    this.instance = props.instance ?? this.name;
    this.explicitNamespace = props.namespace;
    if (props.namespace !== undefined) {
      this.checkName('namespace', props.namespace, 'use an existing namespace name, e.g. \'monitoring\'');
    }
    const enclosing = this.enclosingNamespace();
    if (enclosing && props.namespace !== undefined && props.namespace !== enclosing.name) {
      throw propError(this, 'namespace', props.namespace, `conflicts with the enclosing DaemonNamespace '${enclosing.name}'`, 'leave namespace out inside a DaemonNamespace, or create the daemon outside it');
    }

    this.selectorLabels = {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.instance,
    };
    this.labels = {
      ...(props.labels ?? {}),
      ...this.selectorLabels,
      'app.kubernetes.io/component': props.component ?? 'node-daemon',
      'app.kubernetes.io/part-of': props.partOf ?? this.name,
      'app.kubernetes.io/managed-by': 'cdk8s-daemons',
    };
    this.checkLabels(props);
    this.checkAnnotations('annotations', props.annotations);
    this.checkAnnotations('podAnnotations', props.podAnnotations);
    this.podAnnotations = { ...(props.podAnnotations ?? {}) };
    const grace = props.terminationGracePeriodSeconds;
    if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) {
      throw propError(this, 'terminationGracePeriodSeconds', grace, 'must be a non-negative integer', 'give the seconds the daemon needs to flush and exit, e.g. 30');
    }

    this.main = new ContainerModel({ ...props, name: this.name, image: props.image }, '', 'main');
    this.scheduling = new SchedulingModel(props);
    this.strategy = props.updateStrategy ?? UpdateStrategy.rollingUpdate();
    this.configMapVolumes.push(...(props.configMapVolumes ?? []));
    this.secretVolumes.push(...(props.secretVolumes ?? []));
    for (const m of props.hostPathMounts ?? []) { this.hostPaths.push(m); }
    for (const v of props.emptyDirs ?? []) { this.emptyDirVolumes.push(v); }
    (props.containers ?? []).forEach((c, i) => this.sidecars.push(new ContainerModel(c, `containers[${i}].`, 'sidecar')));
    (props.initContainers ?? []).forEach((c, i) => this.inits.push(new ContainerModel(c, `initContainers[${i}].`, 'init')));

    const metadata = { name: this.name, namespace: this.explicitNamespace ?? enclosing?.name, labels: this.labels, annotations: props.annotations };
    this.serviceAccount = props.serviceAccount ?? new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata,
      automountToken: props.automountServiceAccountToken ?? false,
    });
    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata,
      spec: Lazy.any({ produce: (): k8s.DaemonSetSpec => this.renderSpec() }),
    });

    this.throwFirst(false);
    this.node.addValidation({ validate: () => this.problems(true).map(p => `${p.prop} = ${show(p.value)}: ${p.problem}. Fix: ${p.fix}`) });
  }

  /** Namespace of the daemon's objects, if any is set (prop, enclosing DaemonNamespace, or chart). */
  public get namespace(): string | undefined {
    return this.explicitNamespace ?? this.enclosingNamespace()?.name ?? Chart.of(this).namespace;
  }

  /** The strictest Pod Security Standards level the final pod spec meets (rules of v1.27). */
  public get podSecurityLevel(): PodSecurityLevel {
    return this.podSecurity().level;
  }

  /** Why the pod does not meet Pod Security "restricted" (empty when it does). */
  public get podSecurityViolations(): PodSecurityViolation[] {
    return this.podSecurity().violations;
  }

  /** Adds a sidecar container. */
  public addContainer(props: DaemonContainerProps): void {
    this.append(this.sidecars, new ContainerModel(props, `containers[${this.sidecars.length}].`, 'sidecar'));
  }

  /** Adds an init container, run after those already added. */
  public addInitContainer(props: DaemonContainerProps): void {
    this.append(this.inits, new ContainerModel(props, `initContainers[${this.inits.length}].`, 'init'));
  }

  /** Mounts a host path into the main container (read-only unless `readOnly: false`). */
  public addHostPathMount(mount: HostPathMount): void {
    this.append(this.hostPaths, mount);
  }

  /** Adds an emptyDir volume (mounted into the main container when `mountPath` is given). */
  public addEmptyDir(volume: EmptyDirVolume): void {
    this.append(this.emptyDirVolumes, volume);
  }

  /** Mounts one of the daemon's volumes into the main container. */
  public addVolumeMount(mount: ContainerVolumeMount): void {
    this.append(this.main.mounts, mount);
  }

  /** Sets an environment variable of the main container. */
  public addEnv(name: string, value: kplus.EnvValue): void {
    this.append(this.main.env, { name, value });
  }

  /** Adds a port to the main container. */
  public addPort(port: DaemonPort): void {
    this.append(this.main.ports, port);
  }

  /** Mounts a ConfigMap as files (read-only); see `configMapVolumes`. */
  public addConfigMapVolume(volume: ConfigMapVolume): void {
    this.append(this.configMapVolumes, volume);
  }

  /** Mounts a Secret as files (read-only); see `secretVolumes`. */
  public addSecretVolume(volume: SecretVolume): void {
    this.append(this.secretVolumes, volume);
  }

  /** Replaces the update strategy; the same checks apply as for the prop. */
  public useUpdateStrategy(strategy: UpdateStrategy): void {
    const prior = this.strategy;
    this.strategy = strategy;
    try {
      this.throwFirst(false);
    } catch (e) {
      this.strategy = prior;
      throw e;
    }
  }

  /** The update strategy in force. */
  public get updateStrategy(): UpdateStrategy {
    return this.strategy;
  }

  /**
   * Exposes the daemon through a Service (child `Service`), ClusterIP by default: ports chosen by
   * container port name (default: all), NodePort with fixed node ports, and
   * `internalTrafficPolicy: LOCAL` for node-local routing. Once per daemon.
   */
  public exposeViaService(options: ServiceExposeOptions = {}): k8s.KubeService {
    return this.expose('Service', options);
  }

  /**
   * Exposes every daemon pod in DNS through a headless Service (child `HeadlessService`,
   * `clusterIP: None`, named `<name>-headless` by default). Once per daemon; combines with exposeViaService.
   */
  public exposeViaHeadlessService(options: ServiceExposeOptions = {}): k8s.KubeService {
    return this.expose('HeadlessService', options);
  }

  /** The Service made by exposeViaService, if any. */
  public get service(): k8s.KubeService | undefined {
    return this.services.find(s => s.id === 'Service')?.resource;
  }

  /** The headless Service made by exposeViaHeadlessService, if any. */
  public get headlessService(): k8s.KubeService | undefined {
    return this.services.find(s => s.id === 'HeadlessService')?.resource;
  }

  /**
   * Adds a NetworkPolicy (child `NetworkPolicy`, a cdk8s-plus NetworkPolicy) so the daemon's pods
   * accept connections only from `from`, and only on the exposed ports. Not for hostNetwork
   * daemons: network policies do not apply to pods on the host network.
   */
  public restrictIngress(options: IngressPolicyOptions): kplus.NetworkPolicy {
    if (this.ingressPolicy) {
      throw propError(this, 'restrictIngress', options.ports ?? this.ingressPolicy.ports, `was already called for this daemon (its NetworkPolicy '${this.ingressPolicy.policy.name}' allows ${this.ingressPolicy.ports.join(', ')})`, 'pass every peer in one call: restrictIngress({ from: [a, b] })');
    }
    if (this.hostNetwork) {
      throw propError(this, 'restrictIngress', this.name, 'cannot protect a hostNetwork daemon: network policies do not apply to pods on the host network, so the policy would silently allow everything', 'use node firewall rules, or drop hostNetwork');
    }
    if (options.from.length === 0) {
      throw propError(this, 'restrictIngress.from', [], 'lists no peer, which would deny every connection', 'name who may connect, e.g. kplus.Namespaces.select(this, \'Monitoring\', { names: [\'monitoring\'] })');
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
      metadata: {
        name: this.name,
        namespace: this.explicitNamespace ?? this.enclosingNamespace()?.name,
        labels: this.labels,
        annotations: this.props.annotations,
      },
      selector: this,
      ingress: { rules: options.from.map(peer => ({ peer, ports })) },
    });
    this.ingressPolicy = { policy, ports: names, explicit: options.ports !== undefined };
    return policy;
  }

  /** The NetworkPolicy made by restrictIngress, if any. */
  public get networkPolicy(): kplus.NetworkPolicy | undefined {
    return this.ingressPolicy?.policy;
  }

  /** @see kplus.IPodSelector: this daemon's pods, by its stable selector labels, in its namespace. */
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

  private expose(id: 'Service' | 'HeadlessService', options: ServiceExposeOptions): k8s.KubeService {
    if (this.services.some(s => s.id === id)) {
      const method = id === 'Service' ? 'exposeViaService' : 'exposeViaHeadlessService';
      throw propError(this, method, options.name ?? this.name, `was already called: the daemon has its ${id === 'Service' ? 'Service' : 'headless Service'}`,
        id === 'Service' ? 'expose every port in one Service, or add a headless one with exposeViaHeadlessService' : 'one headless Service already lists every pod');
    }
    const model = new DaemonServiceModel(this, id, {
      name: this.name,
      namespace: this.explicitNamespace ?? this.enclosingNamespace()?.name,
      labels: this.labels,
      annotations: this.props.annotations,
      selectorLabels: this.selectorLabels,
      ports: () => this.ports,
    }, options);
    this.services.push(model);
    return model.resource;
  }

  /** Adds an annotation to the pods. */
  public addPodAnnotation(key: string, value: string): void {
    this.checkAnnotations('podAnnotations', { [key]: value });
    this.podAnnotations[key] = value;
  }

  /** Adds tolerations. */
  public addToleration(...tolerations: Toleration[]): void {
    this.append(this.scheduling.tolerations, ...tolerations);
  }

  /** Requires a node label (added to the nodeSelector). */
  public addNodeSelector(key: string, value: string): void {
    const prior = this.scheduling.nodeSelector[key];
    if (prior !== undefined && prior !== value) {
      throw propError(this, `nodeSelector['${key}']`, value, `is already '${prior}'; a node label has one value, so both can never hold`, 'set each nodeSelector key once');
    }
    this.scheduling.nodeSelector[key] = value;
    try {
      this.throwFirst(false);
    } catch (e) {
      delete this.scheduling.nodeSelector[key];
      throw e;
    }
  }

  /** Adds a required node affinity term; a node must meet at least one required term (OR). */
  public addRequiredNodeAffinity(term: NodeSelectorTerm): void {
    this.append(this.scheduling.requiredNodeTerms, term);
  }

  /** Adds a preferred node affinity term with a weight from 1 to 100. */
  public addPreferredNodeAffinity(weight: number, term: NodeSelectorTerm): void {
    this.append(this.scheduling.preferredNodeTerms, { weight, term });
  }

  /** Adds a required pod affinity term. */
  public addRequiredPodAffinity(term: PodAffinityTerm): void {
    this.append(this.scheduling.podAffinity.required, term);
  }

  /** Adds a preferred pod affinity term with a weight from 1 to 100. */
  public addPreferredPodAffinity(weight: number, term: PodAffinityTerm): void {
    this.append(this.scheduling.podAffinity.preferred, { weight, term });
  }

  /** Adds a required pod anti-affinity term. */
  public addRequiredPodAntiAffinity(term: PodAffinityTerm): void {
    this.append(this.scheduling.podAntiAffinity.required, term);
  }

  /** Adds a preferred pod anti-affinity term with a weight from 1 to 100. */
  public addPreferredPodAntiAffinity(weight: number, term: PodAffinityTerm): void {
    this.append(this.scheduling.podAntiAffinity.preferred, { weight, term });
  }

  /** All containers' ports, for exposing the daemon. */
  public get ports(): DaemonPort[] {
    return [this.main, ...this.sidecars].flatMap(c => c.ports);
  }

  /** Whether the pods use the node's network namespace. */
  public get hostNetwork(): boolean {
    return this.props.hostNetwork ?? false;
  }

  private podSecurity() {
    const json = this.daemonSet.toJson();
    return evaluatePodSecurity(json.spec.template.spec, json.spec.template.metadata);
  }

  private enclosingNamespace(): { name: string } | undefined {
    for (let s: IConstruct | undefined = this.node.scope; s; s = s.node.scope) {
      if (DAEMON_NAMESPACE_MARK in s) { return s as unknown as { name: string }; }
    }
    return undefined;
  }

  private checkName(prop: string, value: string, fix: string): void {
    const problem = dns1123LabelProblem(value);
    if (problem) { throw propError(this, prop, value, problem, fix); }
  }

  private checkLabels(props: NodeDaemonProps): void {
    for (const [prop, value] of [['instance', props.instance], ['component', props.component], ['partOf', props.partOf]] as const) {
      const problem = value === undefined ? undefined : labelValueProblem(value);
      if (problem) { throw propError(this, prop, value, `is a label value that ${problem}`, 'use a short name such as \'monitoring\''); }
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (Object.prototype.hasOwnProperty.call(MANAGED_LABELS, key)) {
        const prop = MANAGED_LABELS[key];
        throw propError(this, `labels['${key}']`, value, 'is managed by cdk8s-daemons (it feeds the immutable selector or the standard labels)',
          prop ? `set it through the '${prop}' prop instead` : 'remove it: cdk8s-daemons always sets it to \'cdk8s-daemons\'');
      }
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) { throw propError(this, 'labels', key, `label key ${keyProblem}`, 'use a key such as \'team\' or \'example.com/team\''); }
      const valueProblem = labelValueProblem(value);
      if (valueProblem) { throw propError(this, `labels['${key}']`, value, `label value ${valueProblem}`, 'use at most 63 letters, digits, \'-\', \'_\' or \'.\''); }
    }
  }

  private checkAnnotations(prop: string, annotations?: { [key: string]: string }): void {
    for (const key of Object.keys(annotations ?? {})) {
      if (prop === 'podAnnotations' && key === CONFIG_CHECKSUM_ANNOTATION) {
        throw propError(this, `podAnnotations['${key}']`, annotations![key], 'is computed by cdk8s-daemons from the ConfigMaps and Secrets the pods use', 'remove it; mount the config with configMapVolumes/secretVolumes or reference it from env, and the checksum follows');
      }
      const problem = qualifiedNameProblem(key.toLowerCase());
      if (problem) { throw propError(this, prop, key, `annotation key ${problem}`, 'use a key such as \'example.com/owner\''); }
    }
  }

  /** Appends `items` to `list`; if the daemon is then invalid, takes them out again and throws. */
  private append<T>(list: T[], ...items: T[]): void {
    list.push(...items);
    try {
      this.throwFirst(false);
    } catch (e) {
      list.splice(list.length - items.length, items.length);
      throw e;
    }
  }

  private throwFirst(final: boolean): void {
    const [first] = this.problems(final);
    if (first) { throw propError(this, first.prop, first.value, first.problem, first.fix); }
  }

  /** Every problem of the pod; `final` adds the checks that only hold once all add* calls are done. */
  private problems(final: boolean): Problem[] {
    const out: Problem[] = [];
    const containers = [this.main, ...this.sidecars, ...this.inits];
    for (const c of containers) { out.push(...c.problems()); }

    const seenNames = new Map<string, string>();
    for (const c of containers) {
      const prior = seenNames.get(c.name);
      if (prior !== undefined) {
        out.push({ prop: `${c.propPrefix}name`, value: c.name, problem: `is already the name of ${prior}`, fix: 'give every container of the pod its own name' });
      }
      seenNames.set(c.name, c.kind === 'main' ? 'the main container (the daemon name)' : 'another container');
    }

    // Init containers run before the others, one at a time: their ports never clash with the pod's.
    out.push(...this.portProblems([this.main, ...this.sidecars]));
    out.push(...this.volumeProblems(containers, final));
    out.push(...this.scheduling.problems());
    out.push(...this.rolloutProblems());
    return out;
  }

  private portProblems(containers: ContainerModel[]): Problem[] {
    const out: Problem[] = [];
    const names = new Set<string>();
    const numbers = new Set<string>();
    const hostPorts = new Set<string>();
    for (const c of containers) {
      c.ports.forEach((port, i) => {
        const where = `${c.propPrefix}ports[${i}]`;
        const protocol = port.protocol ?? kplus.Protocol.TCP;
        if (names.has(port.name)) {
          out.push({ prop: `${where}.name`, value: port.name, problem: 'is used by another port of the pod', fix: 'give every port its own name' });
        }
        names.add(port.name);
        const key = `${port.number}/${protocol}`;
        if (numbers.has(key)) {
          out.push({ prop: `${where}.number`, value: port.number, problem: `is declared twice for ${protocol} in the pod (the containers share one network namespace)`, fix: 'declare each port once' });
        }
        numbers.add(key);
        if (this.hostNetwork && port.hostPort !== undefined && port.hostPort !== port.number) {
          out.push({ prop: `${where}.hostPort`, value: port.hostPort, problem: `must equal the container port ${port.number} with hostNetwork (the API server rejects a different one)`, fix: `set hostPort to ${port.number} or leave it out` });
        }
        const hostPort = port.hostPort ?? (this.hostNetwork ? port.number : undefined);
        if (hostPort !== undefined) {
          const hk = `${hostPort}/${protocol}`;
          if (hostPorts.has(hk)) {
            out.push({ prop: `${where}.hostPort`, value: hostPort, problem: `is bound twice on the node for ${protocol}`, fix: 'use one host port per port' });
          }
          hostPorts.add(hk);
        }
      });
    }
    return out;
  }

  private volumeInfos(): Map<string, VolumeInfo> {
    const infos = new Map<string, VolumeInfo>();
    for (const m of this.hostPaths) {
      const name = m.name ?? defaultHostPathVolumeName(m.path);
      infos.set(name, { name, hostPath: true, readOnly: m.readOnly ?? true });
    }
    for (const v of this.emptyDirVolumes) {
      infos.set(v.name, { name: v.name, hostPath: false, readOnly: false });
    }
    for (const v of [...this.configMapVolumes, ...this.secretVolumes]) {
      infos.set(v.name, { name: v.name, hostPath: false, readOnly: true });
    }
    return infos;
  }

  private volumeProblems(containers: ContainerModel[], final: boolean): Problem[] {
    const out: Problem[] = [];
    const names = new Set<string>();
    const volumeMountPaths = new Set<string>();
    const addMountPath = (prop: string, mountPath: string) => {
      if (volumeMountPaths.has(mountPath)) {
        out.push({ prop, value: mountPath, problem: 'is already a mount path of another volume in the main container', fix: 'mount each path once' });
      }
      volumeMountPaths.add(mountPath);
    };
    const addName = (prop: string, name: string, fix: string) => {
      const problem = dns1123LabelProblem(name);
      if (problem) { out.push({ prop, value: name, problem: `volume name ${problem}`, fix }); }
      if (names.has(name)) { out.push({ prop, value: name, problem: 'is the name of another volume of the pod', fix: 'give every volume its own name' }); }
      names.add(name);
    };
    this.hostPaths.forEach((m, i) => {
      const prop = `hostPathMounts[${i}]`;
      if (!m.path.startsWith('/') || m.path.split('/').includes('..')) {
        out.push({ prop: `${prop}.path`, value: m.path, problem: 'must be an absolute node path without \'..\'', fix: 'give the full path on the node, e.g. \'/var/log\'' });
      }
      addName(`${prop}.name`, m.name ?? defaultHostPathVolumeName(m.path), m.name === undefined ? 'pass a short name: the one derived from the path does not fit' : 'use a lowercase name such as \'varlog\'');
      const mountPath = m.mountPath ?? m.path;
      if (!mountPath.startsWith('/')) {
        out.push({ prop: `${prop}.mountPath`, value: mountPath, problem: 'must be an absolute path', fix: 'start the path with \'/\'' });
      }
      addMountPath(`${prop}.mountPath`, mountPath);
      if (m.propagation === kplus.MountPropagation.BIDIRECTIONAL && !this.main.security.privileged) {
        out.push({ prop: `${prop}.propagation`, value: m.propagation, problem: 'Bidirectional mount propagation is only allowed in privileged containers', fix: 'use HostToContainer, or set securityContext.privileged: true if the daemon must mount into the host' });
      }
    });
    this.emptyDirVolumes.forEach((v, i) => {
      addName(`emptyDirs[${i}].name`, v.name, 'use a lowercase name such as \'cache\'');
      if (v.sizeLimit !== undefined) {
        const q = parseQuantity(v.sizeLimit);
        if (q === undefined || q < 0) {
          out.push({ prop: `emptyDirs[${i}].sizeLimit`, value: v.sizeLimit, problem: 'is not a non-negative Kubernetes quantity', fix: 'write a size such as \'64Mi\' or \'1Gi\'' });
        }
      }
      if (v.mountPath !== undefined && !v.mountPath.startsWith('/')) {
        out.push({ prop: `emptyDirs[${i}].mountPath`, value: v.mountPath, problem: 'must be an absolute path', fix: 'start the path with \'/\'' });
      }
      if (v.mountPath !== undefined) { addMountPath(`emptyDirs[${i}].mountPath`, v.mountPath); }
    });
    const configVolumes: Array<[string, ConfigMapVolume | SecretVolume]> = [
      ...this.configMapVolumes.map((v, i) => [`configMapVolumes[${i}]`, v] as [string, ConfigMapVolume]),
      ...this.secretVolumes.map((v, i) => [`secretVolumes[${i}]`, v] as [string, SecretVolume]),
    ];
    for (const [prop, v] of configVolumes) {
      addName(`${prop}.name`, v.name, 'use a lowercase name such as \'config\'');
      if (v.mountPath !== undefined) {
        if (!v.mountPath.startsWith('/')) {
          out.push({ prop: `${prop}.mountPath`, value: v.mountPath, problem: 'must be an absolute path', fix: 'start the path with \'/\'' });
        }
        addMountPath(`${prop}.mountPath`, v.mountPath);
      }
    }
    const mainPaths = new Set(this.mainVolumeMounts().map(m => m.mountPath));
    this.main.mounts.forEach((m, i) => {
      if (mainPaths.has(m.mountPath)) {
        out.push({ prop: `volumeMounts[${i}].mountPath`, value: m.mountPath, problem: 'is already a mount path of another volume in the main container', fix: 'mount each path once' });
      }
    });
    if (final && this.ingressPolicy && !this.ingressPolicy.explicit) {
      // The default of restrictIngress, evaluated now: the Services' ports, or every declared port without Services.
      const allowed = this.ingressPolicy.ports;
      const viaServices = this.services.length > 0;
      const expected = viaServices ? this.services.flatMap(sv => sv.exposedPorts().map(p => p.name)) : this.ports.map(p => p.name);
      const missing = [...new Set(expected)].filter(n => !allowed.includes(n));
      if (missing.length) {
        out.push({
          prop: 'restrictIngress',
          value: missing,
          problem: `the NetworkPolicy allows only ${allowed.map(n => `'${n}'`).join(', ')}, but the ${viaServices ? 'Services also expose' : 'daemon also declares'} ${missing.map(n => `'${n}'`).join(', ')} (exposed or added after restrictIngress), which the policy would silently block`,
          fix: 'call restrictIngress after exposing and declaring every port, or list the ports it allows with its ports option',
        });
      }
    }
    if (final) {
      for (const { ref, namespaces } of configsInOtherNamespaces(this, this.namespace, this.configReferences())) {
        out.push({
          prop: ref.source,
          value: ref.name,
          problem: `names a ${ref.kind} this app defines in namespace ${namespaces.map(n => `'${n}'`).join(', ')}, but the daemon runs in '${this.namespace ?? '(none)'}' and pods can only use their own namespace's ${ref.kind}s`,
          fix: `define the ${ref.kind} in the daemon's namespace (e.g. set its metadata.namespace to '${this.namespace ?? 'default'}')`,
        });
      }
      for (const c of containers) {
        c.mounts.forEach((m, i) => {
          if (!names.has(m.volume)) {
            out.push({ prop: `${c.propPrefix}volumeMounts[${i}].volume`, value: m.volume, problem: 'names no volume of the daemon', fix: `declare it with hostPathMounts, emptyDirs, configMapVolumes or secretVolumes (volumes: ${[...names].sort().join(', ') || 'none'})` });
          }
        });
      }
    }
    return out;
  }

  /** The mounts the volumes declare for the main container. */
  private mainVolumeMounts(): ContainerVolumeMount[] {
    const mounts: ContainerVolumeMount[] = this.hostPaths.map(m => ({
      volume: m.name ?? defaultHostPathVolumeName(m.path),
      mountPath: m.mountPath ?? m.path,
      readOnly: m.readOnly ?? true,
      propagation: m.propagation,
    }));
    for (const v of this.emptyDirVolumes) {
      if (v.mountPath !== undefined) { mounts.push({ volume: v.name, mountPath: v.mountPath }); }
    }
    for (const v of [...this.configMapVolumes, ...this.secretVolumes]) {
      if (v.mountPath !== undefined) { mounts.push({ volume: v.name, mountPath: v.mountPath, readOnly: true }); }
    }
    return mounts;
  }

  private renderVolumes(): k8s.Volume[] | undefined {
    const volumes: k8s.Volume[] = [
      ...this.hostPaths.map(m => ({
        name: m.name ?? defaultHostPathVolumeName(m.path),
        hostPath: { path: m.path, type: m.type ?? kplus.HostPathVolumeType.DEFAULT },
      })),
      ...this.emptyDirVolumes.map(v => ({
        name: v.name,
        emptyDir: {
          medium: v.medium || undefined,
          sizeLimit: v.sizeLimit === undefined ? undefined : k8s.Quantity.fromString(v.sizeLimit),
        },
      })),
      ...this.configMapVolumes.map(v => ({ name: v.name, configMap: { name: v.configMap.name } })),
      ...this.secretVolumes.map(v => ({ name: v.name, secret: { secretName: v.secret.name, defaultMode: 0o400 } })),
    ];
    return volumes.length ? volumes : undefined;
  }

  /** The ConfigMaps and Secrets the pods use, by volume or env reference. */
  private configReferences(): ConfigReference[] {
    const refs: ConfigReference[] = [
      ...this.configMapVolumes.map(v => ({ kind: 'ConfigMap' as const, name: v.configMap.name, source: 'configMapVolumes' })),
      ...this.secretVolumes.map(v => ({ kind: 'Secret' as const, name: v.secret.name, source: 'secretVolumes' })),
    ];
    for (const c of [this.main, ...this.sidecars, ...this.inits]) {
      for (const e of c.env) {
        const from = e.value.valueFrom;
        const source = `${c.propPrefix}env['${e.name}']`;
        if (from?.configMapKeyRef?.name) { refs.push({ kind: 'ConfigMap', name: from.configMapKeyRef.name, source }); }
        if (from?.secretKeyRef?.name) { refs.push({ kind: 'Secret', name: from.secretKeyRef.name, source }); }
      }
    }
    return refs;
  }

  private rolloutProblems(): Problem[] {
    const out: Problem[] = [];
    for (const p of this.strategy._problems()) {
      out.push({ prop: `updateStrategy.${p.field}`, value: p.value, problem: p.problem, fix: p.fix });
    }
    for (const key of ['minReadySeconds', 'revisionHistoryLimit'] as const) {
      const v = this.props[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= INT32_MAX)) {
        out.push({ prop: key, value: v, problem: `must be a whole number from 0 to ${INT32_MAX}`, fix: key === 'minReadySeconds' ? 'give the seconds a new pod must stay ready, e.g. 10' : 'give how many old revisions to keep, e.g. 10' });
      }
    }
    if (this.strategy.surges) {
      for (const c of [this.main, ...this.sidecars]) {
        const port = c.ports.find(pt => pt.hostPort !== undefined || this.hostNetwork);
        if (!port) { continue; }
        const hostPort = port.hostPort ?? port.number;
        const how = port.hostPort !== undefined ? `host port ${hostPort}` : `port ${hostPort} (a host port, because of hostNetwork)`;
        out.push({
          prop: 'updateStrategy.maxSurge',
          value: this.strategy.maxSurge!.value,
          problem: `surges a second pod onto each node while the old one still holds ${how}, port '${port.name}' of container '${c.name}', `
            + 'so the new pod can never be scheduled and the rollout hangs for ever (kubernetes/kubernetes#106417; the API server does not catch it)',
          fix: 'use UpdateStrategy.rollingUpdate({ maxUnavailable: ... }) so the old pod frees the port first, or drop the host port',
        });
        break;
      }
    }
    return out;
  }

  /** @internal */
  public _renderPodSpec(): k8s.PodSpec {
    const volumes = this.volumeInfos();
    const hostNetwork = this.hostNetwork;
    return {
      serviceAccountName: this.serviceAccount.name,
      automountServiceAccountToken: this.props.automountServiceAccountToken ?? false,
      hostNetwork: hostNetwork || undefined,
      hostPid: this.props.hostPID || undefined,
      hostIpc: this.props.hostIPC || undefined,
      dnsPolicy: this.props.dnsPolicy ?? (hostNetwork ? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : kplus.DnsPolicy.CLUSTER_FIRST),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: this.props.terminationGracePeriodSeconds ?? 30,
      securityContext: {
        // Secret files (mode 0400) are owned by root unless the pod has an fsGroup; with one, the kubelet
        // makes them group-owned and group-readable, and every container gets the group: so the non-root
        // containers can read them.
        fsGroup: this.secretVolumes.length ? this.main.security.runAsGroup : undefined,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...this.scheduling.render(),
      initContainers: this.inits.length ? this.inits.map(c => c.render([], volumes, hostNetwork)) : undefined,
      containers: [
        this.main.render(this.mainVolumeMounts(), volumes, hostNetwork),
        ...this.sidecars.map(c => c.render([], volumes, hostNetwork)),
      ],
      volumes: this.renderVolumes(),
    };
  }

  private renderSpec(): k8s.DaemonSetSpec {
    // Construct validations run when a chart or app is synthesized; a direct toJson() call skips them,
    // so the final checks also guard rendering: no invalid spec is ever written.
    this.throwFirst(true);
    const checksum = configChecksum(this, this.namespace, this.configReferences());
    const allAnnotations = { ...this.podAnnotations, ...(checksum ? { [CONFIG_CHECKSUM_ANNOTATION]: checksum } : {}) };
    const annotations = Object.keys(allAnnotations).length ? allAnnotations : undefined;
    return {
      selector: { matchLabels: { ...this.selectorLabels } },
      template: {
        metadata: { labels: { ...this.labels }, annotations },
        spec: this._renderPodSpec(),
      },
      updateStrategy: this.strategy._toKube(),
      minReadySeconds: this.props.minReadySeconds ?? 0,
      revisionHistoryLimit: this.props.revisionHistoryLimit ?? 10,
    };
  }
}
