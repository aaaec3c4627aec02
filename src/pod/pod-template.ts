import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { APPARMOR_ANNOTATION_PREFIX, appArmorAnnotationProblems } from './apparmor';
import { ConfigReference } from './config-checksum';
import { DaemonContainerOptions, DaemonContainerProps, DaemonPort } from './container';
import { ContainerModel, ContainerOverride, Problem, propagationProblems, VolumeInfo } from './container-model';
import { DaemonPodOptions, DnsConfig } from './pod-options';
import { SchedulingModel } from './scheduling-model';
import { ConfigMapVolume, ContainerVolumeMount, EmptyDirVolume, HostPathMount, HostPathSharing, normalizeNodePath, SecretVolume, SHARED_HOST_PATHS_ANNOTATION } from './volumes';
import { DaemonSchedulingOptions } from '../scheduling/scheduling-options';
import { isInt64 } from '../util/bounds';
import { dns1123LabelProblem, ipAddressProblem, labelValueProblem, qualifiedNameProblem } from '../util/names';
import { parseQuantity } from '../util/quantity';
import { snapshots } from '../util/snapshot';

/** Everything a pod template is made from. */
export interface PodTemplateProps extends DaemonContainerOptions, DaemonSchedulingOptions, DaemonPodOptions {
  readonly containerName: string;
  readonly image: string;
}

/** What one DaemonSet of a daemon adds when it renders the shared template. */
export interface PodRenderContext {
  readonly serviceAccountName: string;
  readonly automountToken: boolean;
  /** The scheduling fields of this DaemonSet (the shared ones, narrowed to its nodes). */
  readonly scheduling: Pick<k8s.PodSpec, 'tolerations' | 'nodeSelector' | 'affinity' | 'priorityClassName' | 'preemptionPolicy'>;
  /** What the DaemonSet changes in the main container. */
  readonly main?: ContainerOverride;
}

/** Total size of an object's annotations (keys and values) the API server accepts (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_LIMIT = 256 * 1024;
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
/** The search list's length, spaces between domains included (Kubernetes 1.27 with ExpandedDNSConfig, on by default). */
const MAX_SEARCH_LIST_CHARS = 2048;

/** The name of a host-path volume: the given one, or `host-` and the node path in kebab-case (`host-root` for `/`). */
export function hostPathVolumeName(m: HostPathMount): string {
  if (m.name !== undefined) { return m.name; }
  // Stryker disable next-line Regex: the runs of other characters are one '-' already, so '-+' and '-' at the ends are the same
  const slug = m.path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug ? `host-${slug}` : 'host-root';
}

/** Problems of a map of annotations: keys (checked in lowercase, as the API server does) and the total size. */
export function annotationProblems(prop: string, annotations: { [key: string]: string } | undefined): Problem[] {
  const out: Problem[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) { out.push({ prop, value: key, problem: `annotation key ${problem}`, fix: 'use a key such as \'example.com/owner\'' }); }
    size += key.length + value.length;
  }
  if (size > ANNOTATIONS_LIMIT) {
    out.push({ prop, value: `${size} bytes`, problem: `annotations total ${size} bytes, above the API server's limit of ${ANNOTATIONS_LIMIT} (256 KiB)`, fix: 'keep large data in a ConfigMap and reference it' });
  }
  return out;
}

/** Problems of a map of labels (keys and values). */
export function labelProblems(prop: string, labels: { [key: string]: string } | undefined): Problem[] {
  const out: Problem[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) { out.push({ prop, value: key, problem: `label key ${keyProblem}`, fix: 'use a key such as \'team\' or \'example.com/team\'' }); }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) { out.push({ prop: `${prop}['${key}']`, value, problem: `label value ${valueProblem}`, fix: 'use at most 63 letters, digits, \'-\', \'_\' or \'.\'' }); }
  }
  return out;
}

/**
 * The pod template a daemon's DaemonSets share: containers, volumes, host access, DNS, scheduling,
 * shutdown; its checks and its rendering to a Kubernetes 1.27 PodSpec. It knows no construct.
 */
export class PodTemplateModel {
  public readonly main: ContainerModel;
  public readonly sidecars: ContainerModel[] = [];
  public readonly inits: ContainerModel[] = [];
  public readonly hostPaths: HostPathMount[];
  public readonly emptyDirs: EmptyDirVolume[];
  public readonly configMapVolumes: ConfigMapVolume[];
  public readonly secretVolumes: SecretVolume[];
  public readonly scheduling: SchedulingModel;
  public readonly podAnnotations: { [key: string]: string };
  public readonly podLabels: { [key: string]: string };
  public readonly hostNetwork: boolean;
  public readonly hostPID: boolean;
  public readonly hostIPC: boolean;
  public readonly dnsPolicy?: kplus.DnsPolicy;
  public readonly dnsConfig?: DnsConfig;
  public readonly terminationGracePeriodSeconds: number;
  private readonly givenGrace?: number;

  constructor(props: PodTemplateProps) {
    this.main = new ContainerModel(Object.assign({}, props, { name: props.containerName, image: props.image }), '', 'main');
    (props.containers ?? []).forEach((c, i) => this.sidecars.push(new ContainerModel(c, `containers[${i}].`, 'sidecar')));
    (props.initContainers ?? []).forEach((c, i) => this.inits.push(new ContainerModel(c, `initContainers[${i}].`, 'init')));
    this.hostPaths = snapshots(props.hostPathMounts);
    this.emptyDirs = snapshots(props.emptyDirs);
    this.configMapVolumes = [...(props.configMapVolumes ?? [])];
    this.secretVolumes = [...(props.secretVolumes ?? [])];
    this.scheduling = new SchedulingModel(props);
    this.podAnnotations = { ...(props.podAnnotations ?? {}) };
    this.podLabels = { ...(props.podLabels ?? {}) };
    this.hostNetwork = props.hostNetwork ?? false;
    this.hostPID = props.hostPID ?? false;
    this.hostIPC = props.hostIPC ?? false;
    this.dnsPolicy = props.dnsPolicy;
    this.dnsConfig = props.dnsConfig;
    this.givenGrace = props.terminationGracePeriodSeconds;
    this.terminationGracePeriodSeconds = props.terminationGracePeriodSeconds ?? 30;
  }

  /** Adds a sidecar; the caller checks the pod. */
  public newSidecar(props: DaemonContainerProps): ContainerModel {
    return new ContainerModel(props, `containers[${this.sidecars.length}].`, 'sidecar');
  }

  /** Adds an init container; the caller checks the pod. */
  public newInit(props: DaemonContainerProps): ContainerModel {
    return new ContainerModel(props, `initContainers[${this.inits.length}].`, 'init');
  }

  /** All containers: main, sidecars, inits. */
  public get containers(): ContainerModel[] {
    return [this.main, ...this.sidecars, ...this.inits];
  }

  /** Ports of the main container and the sidecars. */
  public get ports(): DaemonPort[] {
    // frozen copies made on intake (a loop: Array.flatMap costs V8 about 0.6 µs even for one container)
    const out = [...this.main.ports];
    for (const c of this.sidecars) { out.push(...c.ports); }
    return out;
  }

  /** The ConfigMaps and Secrets the pods use, by volume or env reference. */
  public configReferences(): ConfigReference[] {
    const refs: ConfigReference[] = [
      ...this.configMapVolumes.map(v => ({ kind: 'ConfigMap' as const, name: v.configMap.name, source: 'configMapVolumes' })),
      ...this.secretVolumes.map(v => ({ kind: 'Secret' as const, name: v.secret.name, source: 'secretVolumes' })),
    ];
    for (const c of this.containers) {
      for (const e of c.env) {
        const from = e.value.valueFrom;
        const source = `${c.propPrefix}env['${e.name}']`;
        if (from?.configMapKeyRef?.name) { refs.push({ kind: 'ConfigMap', name: from.configMapKeyRef.name, source }); }
        if (from?.secretKeyRef?.name) { refs.push({ kind: 'Secret', name: from.secretKeyRef.name, source }); }
      }
    }
    return refs;
  }

  /** Every problem of the pod template; `final` adds the checks that hold only once all add* calls are done. */
  public problems(final: boolean): Problem[] {
    const out: Problem[] = [];
    const containers = this.containers;
    for (const c of containers) { out.push(...c.problems()); }
    const seenNames = new Map<string, string>();
    for (const c of containers) {
      const prior = seenNames.get(c.name);
      if (prior !== undefined) {
        out.push({ prop: `${c.propPrefix}name`, value: c.name, problem: `is already the name of ${prior}`, fix: 'give every container of the pod its own name' });
      }
      seenNames.set(c.name, c.kind === 'main' ? 'the main container' : 'another container');
    }
    // Init containers run before the others, one at a time: their ports never clash with the pod's.
    out.push(...podPortProblems([this.main, ...this.sidecars], this.hostNetwork));
    out.push(...this.volumeProblems(final));
    out.push(...this.scheduling.problems());
    out.push(...labelProblems('podLabels', this.podLabels));
    out.push(...annotationProblems('podAnnotations', this.podAnnotations));
    out.push(...appArmorAnnotationProblems(this.podAnnotations, containers.map(c => c.name), 'podAnnotations'));
    if (this.podAnnotations[SHARED_HOST_PATHS_ANNOTATION] !== undefined) {
      out.push({ prop: `podAnnotations['${SHARED_HOST_PATHS_ANNOTATION}']`, value: this.podAnnotations[SHARED_HOST_PATHS_ANNOTATION], problem: 'is written by cdk8s-daemons from the host path mounts', fix: 'set sharing on the hostPathMounts instead' });
    }
    this.hostPaths.forEach((m, i) => {
      if (m.sharing !== undefined && !Object.values(HostPathSharing).includes(m.sharing)) {
        out.push({ prop: `hostPathMounts[${i}].sharing`, value: m.sharing, problem: 'is not a HostPathSharing', fix: 'use HostPathSharing.LOCK or HostPathSharing.APPEND' });
      } else if (m.sharing !== undefined && (m.readOnly ?? true)) {
        out.push({ prop: `hostPathMounts[${i}].sharing`, value: m.sharing, problem: 'is set on a read-only mount, which shares nothing (readers never clash)', fix: 'drop sharing, or mount it with readOnly: false' });
      }
    });
    for (const c of containers) {
      const key = `${APPARMOR_ANNOTATION_PREFIX}${c.name}`;
      if (c.appArmorProfile && this.podAnnotations[key] !== undefined) {
        out.push({ prop: `podAnnotations['${key}']`, value: this.podAnnotations[key], problem: `sets the AppArmor profile of container '${c.name}', which its securityContext.appArmorProfile sets too`, fix: 'set it in one place: securityContext.appArmorProfile' });
      }
    }
    out.push(...this.podProblems());
    return out;
  }

  /**
   * The pod's annotations as written: those given, and the AppArmor annotation of each container
   * with a profile (Kubernetes 1.27 has no securityContext field for it), sorted by key.
   */
  public renderedAnnotations(): { [key: string]: string } {
    const out: { [key: string]: string } = { ...this.podAnnotations };
    const shared = this.hostPaths.filter(m => m.sharing !== undefined);
    if (shared.length) {
      out[SHARED_HOST_PATHS_ANNOTATION] = shared.map(m => `${normalizeNodePath(m.path)}=${m.sharing}`).sort().join(',');
    }
    for (const c of this.containers) {
      if (c.appArmorProfile) { out[`${APPARMOR_ANNOTATION_PREFIX}${c.name}`] = c.appArmorProfile.value; }
    }
    return out;
  }

  private podProblems(): Problem[] {
    return podSettingProblems({ terminationGracePeriodSeconds: this.givenGrace, dnsPolicy: this.dnsPolicy, dnsConfig: this.dnsConfig });
  }

  /** Volume names with how their mounts default the read-only flag. */
  public volumeInfos(): Map<string, VolumeInfo> {
    const infos = new Map<string, VolumeInfo>();
    for (const m of this.hostPaths) {
      const name = hostPathVolumeName(m);
      infos.set(name, { name, readOnly: m.readOnly ?? true });
    }
    // an emptyDir's mounts are writable, as a volume without an entry's
    for (const v of [...this.configMapVolumes, ...this.secretVolumes]) { infos.set(v.name, { name: v.name, readOnly: true }); }
    return infos;
  }

  private volumeProblems(final: boolean): Problem[] {
    const out: Problem[] = [];
    const names = new Set<string>();
    const volumeMountPaths = new Set<string>();
    const addMountPath = (prop: string, mountPath: string) => {
      if (!mountPath.startsWith('/')) {
        out.push({ prop, value: mountPath, problem: 'must be an absolute path', fix: 'start the path with \'/\'' });
      }
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
      addName(`${prop}.name`, hostPathVolumeName(m), m.name === undefined ? 'pass a short name: the one derived from the path does not fit' : 'use a lowercase name such as \'varlog\'');
      addMountPath(`${prop}.mountPath`, m.mountPath ?? m.path);
      out.push(...propagationProblems(`${prop}.propagation`, m.propagation, this.main.security.privileged));
    });
    this.emptyDirs.forEach((v, i) => {
      addName(`emptyDirs[${i}].name`, v.name, 'use a lowercase name such as \'cache\'');
      if (v.sizeLimit !== undefined) {
        const q = parseQuantity(v.sizeLimit);
        if (q === undefined || q < 0) {
          out.push({ prop: `emptyDirs[${i}].sizeLimit`, value: v.sizeLimit, problem: 'is not a non-negative Kubernetes quantity', fix: 'write a size such as \'64Mi\' or \'1Gi\'' });
        }
      }
      if (v.mountPath !== undefined) { addMountPath(`emptyDirs[${i}].mountPath`, v.mountPath); }
    });
    const configVolumes: Array<[string, ConfigMapVolume | SecretVolume]> = [
      ...this.configMapVolumes.map((v, i) => [`configMapVolumes[${i}]`, v] as [string, ConfigMapVolume]),
      ...this.secretVolumes.map((v, i) => [`secretVolumes[${i}]`, v] as [string, SecretVolume]),
    ];
    for (const [prop, v] of configVolumes) {
      addName(`${prop}.name`, v.name, 'use a lowercase name such as \'config\'');
      if (v.mountPath !== undefined) { addMountPath(`${prop}.mountPath`, v.mountPath); }
    }
    const mainPaths = new Set(this.mainVolumeMounts().map(m => m.mountPath));
    this.main.mounts.forEach((m, i) => {
      if (mainPaths.has(m.mountPath)) {
        out.push({ prop: `volumeMounts[${i}].mountPath`, value: m.mountPath, problem: 'is already a mount path of another volume in the main container', fix: 'mount each path once' });
      }
    });
    if (final) {
      for (const c of this.containers) {
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
      volume: hostPathVolumeName(m),
      mountPath: m.mountPath ?? m.path,
      readOnly: m.readOnly ?? true,
      propagation: m.propagation,
    }));
    for (const v of this.emptyDirs) {
      if (v.mountPath !== undefined) { mounts.push({ volume: v.name, mountPath: v.mountPath }); }
    }
    for (const v of [...this.configMapVolumes, ...this.secretVolumes]) {
      if (v.mountPath !== undefined) { mounts.push({ volume: v.name, mountPath: v.mountPath, readOnly: true }); }
    }
    return mounts;
  }

  private renderVolumes(): k8s.Volume[] | undefined {
    const volumes: k8s.Volume[] = [
      ...this.hostPaths.map(m => ({ name: hostPathVolumeName(m), hostPath: { path: m.path, type: m.type ?? kplus.HostPathVolumeType.DEFAULT } })),
      ...this.emptyDirs.map(v => ({
        name: v.name,
        emptyDir: { medium: v.medium || undefined, sizeLimit: v.sizeLimit === undefined ? undefined : k8s.Quantity.fromString(v.sizeLimit) },
      })),
      ...this.configMapVolumes.map(v => ({ name: v.name, configMap: { name: v.configMap.name } })),
      ...this.secretVolumes.map(v => ({ name: v.name, secret: { secretName: v.secret.name, defaultMode: 0o400 } })),
    ];
    return volumes.length ? volumes : undefined;
  }

  /** The PodSpec of one DaemonSet of the daemon. */
  public renderPodSpec(ctx: PodRenderContext): k8s.PodSpec {
    const volumes = this.volumeInfos();
    const hostNetwork = this.hostNetwork;
    const dns = this.dnsConfig;
    return {
      serviceAccountName: ctx.serviceAccountName,
      automountServiceAccountToken: ctx.automountToken,
      hostNetwork: hostNetwork || undefined,
      hostPid: this.hostPID || undefined,
      hostIpc: this.hostIPC || undefined,
      dnsPolicy: this.dnsPolicy ?? (hostNetwork ? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : kplus.DnsPolicy.CLUSTER_FIRST),
      dnsConfig: dns ? {
        nameservers: dns.nameservers?.length ? [...dns.nameservers] : undefined,
        searches: dns.searches?.length ? [...dns.searches] : undefined,
        options: dns.options?.length ? dns.options.map(o => ({ name: o.name, value: o.value })) : undefined,
      } : undefined,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: this.terminationGracePeriodSeconds,
      securityContext: {
        // Secret files (mode 0400) are owned by root unless the pod has an fsGroup; with one, the kubelet
        // makes them group-owned and group-readable, and every container gets the group: so the non-root
        // containers can read them.
        fsGroup: this.secretVolumes.length ? this.main.security.runAsGroup : undefined,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...ctx.scheduling,
      initContainers: this.inits.length ? this.inits.map(c => c.render([], volumes, hostNetwork)) : undefined,
      containers: [
        this.main.render(this.mainVolumeMounts(), volumes, hostNetwork, ctx.main),
        ...this.sidecars.map(c => c.render([], volumes, hostNetwork)),
      ],
      volumes: this.renderVolumes(),
    };
  }
}

function dns1123SubdomainOrDot(s: string): string | undefined {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  return name.split('.').some(p => dns1123LabelProblem(p)) ? 'is not a DNS domain (dot-separated DNS labels)' : undefined;
}

/** The pod-level settings the API server checks, as the typed model holds them or as JSON gives them. */
export interface PodSettings {
  readonly terminationGracePeriodSeconds?: number;
  readonly dnsPolicy?: string;
  readonly dnsConfig?: DnsConfig;
}

/**
 * The API server's rules for the grace period and DNS of a pod: the typed model's checks, and
 * `cdk8s-daemons check`'s on anybody's JSON (props are named as the model's; check maps them to fields).
 */
export function podSettingProblems(pod: PodSettings): Problem[] {
  const out: Problem[] = [];
  const grace = pod.terminationGracePeriodSeconds;
  if (grace !== undefined && !isInt64(grace, 0)) {
    out.push({ prop: 'terminationGracePeriodSeconds', value: grace, problem: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`, fix: 'give the seconds the daemon needs to flush and exit, e.g. 30' });
  }
  const dns = pod.dnsConfig;
  if (pod.dnsPolicy === kplus.DnsPolicy.NONE && !(dns?.nameservers?.length)) {
    out.push({ prop: 'dnsPolicy', value: pod.dnsPolicy, problem: 'gives the pods no DNS at all unless dnsConfig lists a name server (the API server rejects it)', fix: 'add dnsConfig: { nameservers: [\'10.96.0.10\'] }, or use another dnsPolicy' });
  }
  if ((dns?.nameservers?.length ?? 0) > MAX_NAMESERVERS) {
    out.push({ prop: 'dnsConfig.nameservers', value: dns!.nameservers, problem: `lists ${dns!.nameservers!.length} name servers; at most ${MAX_NAMESERVERS} are allowed`, fix: 'keep three name servers' });
  }
  for (const ns of dns?.nameservers ?? []) {
    const ipProblem = ipAddressProblem(ns);
    if (ipProblem) { out.push({ prop: 'dnsConfig.nameservers', value: ns, problem: ipProblem, fix: 'give the name server\'s IP address' }); }
  }
  if ((dns?.searches?.length ?? 0) > MAX_SEARCHES) {
    out.push({ prop: 'dnsConfig.searches', value: dns!.searches!.length, problem: `lists more than ${MAX_SEARCHES} search domains`, fix: 'keep at most 32' });
  }
  // Stryker disable next-line ArrayDeclaration: any one short domain in place of none is far below the limit
  const searchList = (dns?.searches ?? []).join(' ').length;
  if (searchList > MAX_SEARCH_LIST_CHARS) {
    out.push({ prop: 'dnsConfig.searches', value: `${searchList} characters`, problem: `has ${searchList} characters (spaces between domains included), above the API server's limit of ${MAX_SEARCH_LIST_CHARS}`, fix: 'list fewer or shorter search domains' });
  }
  for (const s of dns?.searches ?? []) {
    const problem = dns1123SubdomainOrDot(s);
    if (problem) { out.push({ prop: 'dnsConfig.searches', value: s, problem, fix: 'give a DNS domain such as \'svc.cluster.local\'' }); }
  }
  (dns?.options ?? []).forEach((o, i) => {
    if (!o.name) { out.push({ prop: `dnsConfig.options[${i}].name`, value: o.name, problem: 'must not be empty', fix: 'name the resolver option, e.g. \'ndots\'' }); }
  });
  return out;
}

/** Port names, container ports and host ports of a pod's long-running containers: each once per pod. */
export function podPortProblems(containers: ContainerModel[], hostNetwork: boolean): Problem[] {
  const out: Problem[] = [];
  // port name to the container that has it: the API server refuses a name twice in one container,
  // and accepts it in two (a Service's targetPort then finds the first)
  const names = new Map<string, ContainerModel>();
  const numbers = new Set<string>();
  const hostPorts = new Set<string>();
  for (const c of containers) {
    c.ports.forEach((port, i) => {
      const where = `${c.propPrefix}ports[${i}]`;
      const protocol = port.protocol ?? kplus.Protocol.TCP;
      const namedBy = names.get(port.name);
      if (namedBy === c) {
        out.push({ prop: `${where}.name`, value: port.name, problem: 'is used by another port of the container (the API server refuses it)', fix: 'give every port its own name' });
      } else if (namedBy) {
        out.push({
          prop: `${where}.name`,
          value: port.name,
          problem: 'is used by a port of another container of the pod, so a Service\'s targetPort by that name finds only the first',
          fix: 'give every port its own name',
          accepted: true,
        });
      }
      if (!namedBy) { names.set(port.name, c); }
      const key = `${port.number}/${protocol}`;
      if (numbers.has(key)) {
        out.push({
          prop: `${where}.number`,
          value: port.number,
          problem: `is declared twice for ${protocol} in the pod (the containers share one network namespace: only one can listen on it)`,
          fix: 'declare each port once',
          accepted: true,
        });
      }
      numbers.add(key);
      if (hostNetwork && port.hostPort !== undefined && port.hostPort !== port.number) {
        out.push({ prop: `${where}.hostPort`, value: port.hostPort, problem: `must equal the container port ${port.number} with hostNetwork (the API server rejects a different one)`, fix: `set hostPort to ${port.number} or leave it out` });
      }
      const hostPort = port.hostPort ?? (hostNetwork ? port.number : undefined);
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
