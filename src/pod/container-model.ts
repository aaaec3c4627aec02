import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { AppArmorProfile } from './apparmor';
import { ContainerSecurityOptions, DaemonContainerProps, DaemonPort } from './container';
import { Probe } from './probe';
import { renderResources, resourceProblems, withResourceDefaults } from './resource-rules';
import { DaemonResources } from './resources';
import { ContainerVolumeMount } from './volumes';
import { dns1123LabelProblem, envNameProblem, imageReferenceProblem, imageTag, portNameProblem, qualifiedNameProblem } from '../util/names';
import { snapshots } from '../util/snapshot';

/** The protocols a container port may use. */
const PROTOCOLS: string[] = [kplus.Protocol.TCP, kplus.Protocol.UDP, kplus.Protocol.SCTP];

/** The downward-API fields an env var may read (1.27 validFieldPathExpressionsEnv, plus labels and annotations by key). */
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'];
const KEYED_FIELD_PATH = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** What a variant replaces in the main container when it renders. */
export interface ContainerOverride {
  readonly image?: string;
  readonly args?: string[];
  readonly env?: Array<{ name: string; value: kplus.EnvValue }>;
  readonly resources?: DaemonResources;
}

/**
 * The pull policy Kubernetes defaults to (SetDefaults_Container): Always when the tag is `latest`,
 * or when there is neither tag nor digest (the tag then defaults to `latest`); else IfNotPresent.
 */
export function defaultPullPolicy(image: string): kplus.ImagePullPolicy {
  const tag = imageTag(image);
  const latest = tag === 'latest' || (tag === undefined && !image.includes('@'));
  return latest ? kplus.ImagePullPolicy.ALWAYS : kplus.ImagePullPolicy.IF_NOT_PRESENT;
}

/** Problems of an env var's value: a downward-API field Kubernetes does not offer, or a label/annotation key that is not one. */
/** The downward-API field an env var reads, if it reads one. */
function fieldPathOf(value: kplus.EnvValue): string | undefined {
  return value.valueFrom?.fieldRef?.fieldPath;
}

export function envValueProblem(value: kplus.EnvValue): string | undefined {
  const path = fieldPathOf(value);
  if (path === undefined) { return undefined; }
  const keyed = KEYED_FIELD_PATH.exec(path);
  if (keyed) {
    const problem = qualifiedNameProblem(keyed[2]);
    return problem ? `reads the ${keyed[1] === 'labels' ? 'label' : 'annotation'} key '${keyed[2]}', which ${problem}` : undefined;
  }
  return ENV_FIELD_PATHS.includes(path) ? undefined : `reads field '${path}', which the downward API does not offer to env vars (${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>'])`;
}

/** A problem found in a container, relative to where its props came from. */
export interface Problem {
  readonly prop: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
  /**
   * The API server accepts it (at most with a warning), but it is a trap the library refuses in its
   * own constructs: `check` reports it on anybody's YAML as a warning, never as refused.
   */
  readonly accepted?: boolean;
}

/** How a volume defaults the read-only flag of its mounts (a volume without one: writable). */
export interface VolumeInfo {
  readonly name: string;
  readonly readOnly: boolean;
}

/**
 * The mutable model of one container: props plus what `add*` calls append.
 */
export class ContainerModel {
  public readonly name: string;
  public readonly image: string;
  public readonly args: string[];
  public readonly env: Array<{ name: string; value: kplus.EnvValue }> = [];
  public readonly ports: DaemonPort[] = [];
  public readonly mounts: ContainerVolumeMount[] = [];

  constructor(
    public readonly props: DaemonContainerProps,
    /** Prefix of prop paths in messages, e.g. `` (main), `containers[0].` */
    public readonly propPrefix: string,
    public readonly kind: 'main' | 'sidecar' | 'init',
  ) {
    this.name = props.name;
    this.image = props.image;
    this.args = [...(props.args ?? [])];
    for (const [name, value] of Object.entries(props.env ?? {})) { this.env.push({ name, value }); }
    this.ports.push(...snapshots(props.ports));
    this.mounts.push(...snapshots(props.volumeMounts));
  }

  public get resources(): DaemonResources {
    return withResourceDefaults(this.props.resources);
  }

  public get security(): Required<Pick<ContainerSecurityOptions, 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'readOnlyRootFilesystem' | 'allowPrivilegeEscalation' | 'privileged'>> & { capabilities: string[] } {
    const s = this.props.securityContext ?? {};
    const runAsUser = s.runAsUser ?? 65534;
    const privileged = s.privileged ?? false;
    const capabilities = s.capabilities ?? [];
    return {
      runAsUser,
      runAsGroup: s.runAsGroup ?? 65534,
      runAsNonRoot: s.runAsNonRoot ?? runAsUser !== 0,
      readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? (privileged || capabilities.includes('SYS_ADMIN')),
      privileged,
      capabilities,
    };
  }

  /** The AppArmor profile given in its securityContext, if any. */
  public get appArmorProfile(): AppArmorProfile | undefined {
    return this.props.securityContext?.appArmorProfile;
  }

  /** Problems this container has on its own (not against the rest of the pod). */
  public problems(): Problem[] {
    const p = this.propPrefix;
    const out: Problem[] = [];
    const nameProblem = dns1123LabelProblem(this.name);
    if (nameProblem) {
      out.push({ prop: `${p}name`, value: this.name, problem: `container name ${nameProblem}`, fix: 'use a lowercase name such as \'agent\'' });
    }
    const imageProblem = imageReferenceProblem(this.image);
    if (imageProblem) {
      out.push({ prop: `${p}image`, value: this.image, problem: `is not an image reference the kubelet can pull: it ${imageProblem}`, fix: 'give an image such as \'quay.io/prometheus/node-exporter:v1.6.1\'' });
    }
    this.env.forEach((e, i) => {
      const valueProblem = envValueProblem(e.value);
      if (valueProblem) {
        out.push({ prop: `${p}env['${e.name}']`, value: fieldPathOf(e.value), problem: valueProblem, fix: 'use EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME) or another offered field, and a valid label key' });
      }
      const envProblem = envNameProblem(e.name);
      if (envProblem) {
        out.push({ prop: `${p}env`, value: e.name, problem: `environment variable name ${envProblem}`, fix: 'use a name like \'NODE_NAME\'' });
      }
      if (this.env.findIndex(x => x.name === e.name) !== i) {
        out.push({ prop: `${p}env`, value: e.name, problem: 'is set twice (the later value would silently win)', fix: 'set each variable once', accepted: true });
      }
    });
    this.ports.forEach((port, i) => {
      const where = `${p}ports[${i}]`;
      const pn = portNameProblem(port.name);
      if (pn) {
        out.push({ prop: `${where}.name`, value: port.name, problem: `port name ${pn}`, fix: 'use a short name such as \'metrics\' or \'http\'' });
      }
      if (!isPortNumber(port.number)) {
        out.push({ prop: `${where}.number`, value: port.number, problem: 'must be an integer from 1 to 65535', fix: 'use the port the process listens on' });
      }
      if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
        out.push({ prop: `${where}.protocol`, value: port.protocol, problem: 'is not TCP, UDP or SCTP (the API server compares them case-sensitively)', fix: 'use kplus.Protocol.TCP, UDP or SCTP' });
      }
      if (port.hostPort !== undefined && !isPortNumber(port.hostPort)) {
        out.push({ prop: `${where}.hostPort`, value: port.hostPort, problem: 'must be an integer from 1 to 65535', fix: 'use a free port of the node, or leave hostPort out' });
      }
    });
    for (const r of resourceProblems(this.resources, this.props.resources)) {
      out.push({ prop: `${p}resources.${r.field}`, value: r.value, problem: r.problem, fix: r.fix });
    }
    const probes: Array<['livenessProbe' | 'readinessProbe', Probe | undefined]> = [['livenessProbe', this.props.livenessProbe], ['readinessProbe', this.props.readinessProbe]];
    for (const [role, probe] of probes) {
      if (!probe) { continue; }
      if (this.kind === 'init') {
        out.push({ prop: `${p}${role}`, value: probe.path ?? probe.port ?? probe.command, problem: 'init containers may not have probes (the API server rejects them)', fix: `remove the ${role} from the init container` });
        continue;
      }
      for (const pr of probe._problems(role)) {
        out.push({ prop: `${p}${role}`, value: probe.path ?? probe.port ?? probe.command, problem: pr, fix: 'correct the probe options' });
      }
    }
    out.push(...this.securityProblems());
    const mountPaths = new Set<string>();
    this.mounts.forEach((m, i) => {
      if (!m.mountPath.startsWith('/')) {
        out.push({ prop: `${p}volumeMounts[${i}].mountPath`, value: m.mountPath, problem: 'must be an absolute path', fix: 'start the path with \'/\'' });
      }
      if (mountPaths.has(m.mountPath)) {
        out.push({ prop: `${p}volumeMounts[${i}].mountPath`, value: m.mountPath, problem: 'is mounted twice in this container (the API server rejects duplicate mount paths)', fix: 'mount each path once' });
      }
      mountPaths.add(m.mountPath);
      if (m.subPath !== undefined && (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
        out.push({ prop: `${p}volumeMounts[${i}].subPath`, value: m.subPath, problem: 'must be a relative path without \'..\' (the API server rejects others)', fix: 'give a path inside the volume, e.g. \'conf/app.conf\'' });
      }
      out.push(...propagationProblems(`${p}volumeMounts[${i}].propagation`, m.propagation, this.security.privileged));
    });
    return out;
  }

  /**
   * The problems of this container's image, env and resources if a variant changed them as
   * `override` says (env: the merged list), prop paths relative to the container.
   */
  public problemsWith(override: ContainerOverride): Problem[] {
    const env = override.env ?? this.env;
    const props: DaemonContainerProps = {
      ...this.props,
      image: override.image ?? this.image,
      env: Object.fromEntries(env.map(e => [e.name, e.value])),
      resources: this.givenResources(override.resources),
    };
    const shadow = new ContainerModel(props, '', this.kind);
    return shadow.problems().filter(p => p.prop === 'image' || p.prop.startsWith('env') || p.prop.startsWith('resources.'));
  }

  private securityProblems(): Problem[] {
    const p = `${this.propPrefix}securityContext`;
    const s = this.props.securityContext ?? {};
    const eff = this.security;
    const out: Problem[] = [];
    for (const key of ['runAsUser', 'runAsGroup'] as const) {
      const v = s[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 2147483647)) {
        out.push({ prop: `${p}.${key}`, value: v, problem: 'must be an integer from 0 to 2147483647', fix: 'give a numeric id such as 65534' });
      }
    }
    if (eff.runAsUser === 0 && eff.runAsNonRoot) {
      out.push({ prop: `${p}.runAsNonRoot`, value: true, problem: 'contradicts runAsUser 0: the kubelet would refuse to start the container', fix: 'set runAsNonRoot: false to run as root, or use a non-zero runAsUser' });
    }
    if (s.allowPrivilegeEscalation === false && eff.privileged) {
      out.push({ prop: `${p}.allowPrivilegeEscalation`, value: false, problem: 'cannot be false in a privileged container (the API server rejects it)', fix: 'leave allowPrivilegeEscalation out, or drop privileged' });
    }
    if (s.allowPrivilegeEscalation === false && eff.capabilities.includes('SYS_ADMIN')) {
      out.push({ prop: `${p}.allowPrivilegeEscalation`, value: false, problem: 'cannot be false when adding SYS_ADMIN (the API server rejects it)', fix: 'leave allowPrivilegeEscalation out, or do not add SYS_ADMIN' });
    }
    eff.capabilities.forEach((c, i) => {
      if (/^CAP_/i.test(c)) {
        // Stryker disable next-line Regex: the test above found CAP_ at the start, so the first match is there either way
        out.push({ prop: `${p}.capabilities[${i}]`, value: c, problem: 'must be given without the CAP_ prefix (Pod Security and the runtimes compare the bare name)', fix: `write '${c.replace(/^CAP_/i, '').toUpperCase()}'` });
      } else if (!/^[A-Z][A-Z0-9_]*$/.test(c)) {
        out.push({ prop: `${p}.capabilities[${i}]`, value: c, problem: 'is not a Linux capability name', fix: 'use an upper-case name such as \'NET_ADMIN\'' });
      }
    });
    return out;
  }

  /** The resources given for the container, with a variant's fields over them. */
  private givenResources(override?: DaemonResources): DaemonResources | undefined {
    return override ? { ...dropUndefinedFields(this.props.resources), ...dropUndefinedFields(override) } : this.props.resources;
  }

  /** Renders the container; `volumes` gives the read-only default of mounts, `hostNetwork` the host ports. */
  public render(
    extraMounts: ContainerVolumeMount[],
    volumes: Map<string, VolumeInfo>,
    hostNetwork: boolean,
    override: ContainerOverride = {},
  ): k8s.Container {
    const s = this.security;
    const mounts = [...extraMounts, ...this.mounts];
    const image = override.image ?? this.image;
    const env = mergeEnv(this.env, override.env ?? []);
    return {
      name: this.name,
      image,
      imagePullPolicy: this.props.imagePullPolicy ?? defaultPullPolicy(image),
      command: this.props.command,
      args: override.args ?? (this.args.length || this.props.args ? [...this.args] : undefined),
      workingDir: this.props.workingDir,
      env: env.length ? env.map(e => ({ name: e.name, value: e.value.value, valueFrom: e.value.valueFrom })) : undefined,
      ports: this.ports.length ? this.ports.map(port => ({
        name: port.name,
        containerPort: port.number,
        protocol: port.protocol ?? kplus.Protocol.TCP,
        hostPort: port.hostPort ?? (hostNetwork ? port.number : undefined),
      })) : undefined,
      resources: renderResources(withResourceDefaults(this.givenResources(override.resources))),
      livenessProbe: this.props.livenessProbe?._toKube(),
      readinessProbe: this.props.readinessProbe?._toKube(),
      volumeMounts: mounts.length ? mounts.map(m => ({
        name: m.volume,
        mountPath: m.mountPath,
        readOnly: (m.readOnly ?? volumes.get(m.volume)?.readOnly ?? false) || undefined,
        subPath: m.subPath,
        mountPropagation: m.propagation,
      })) : undefined,
      securityContext: {
        runAsNonRoot: s.runAsNonRoot,
        runAsUser: s.runAsUser,
        runAsGroup: s.runAsGroup,
        readOnlyRootFilesystem: s.readOnlyRootFilesystem,
        allowPrivilegeEscalation: s.allowPrivilegeEscalation,
        privileged: s.privileged,
        capabilities: { drop: ['ALL'], add: s.capabilities.length ? [...s.capabilities] : undefined },
      },
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
  }
}

/** The API server knows three mount propagations, and allows Bidirectional only in privileged containers. */
export function propagationProblems(prop: string, propagation: kplus.MountPropagation | undefined, privileged: boolean | undefined): Problem[] {
  if (propagation !== undefined && !Object.values(kplus.MountPropagation).includes(propagation)) {
    return [{ prop, value: propagation, problem: 'is not None, HostToContainer or Bidirectional (the API server refuses any other value)', fix: 'use a kplus.MountPropagation member' }];
  }
  if (propagation !== kplus.MountPropagation.BIDIRECTIONAL || privileged) { return []; }
  return [{ prop, value: propagation, problem: 'Bidirectional mount propagation is only allowed in privileged containers', fix: 'use HostToContainer, or set securityContext.privileged: true if the daemon must mount into the host' }];
}

/** `base` with `over` applied by name: a variable set in both takes `over`'s value, in `base`'s place. */
export function mergeEnv<T extends { name: string }>(base: T[], over: T[]): T[] {
  const byName = new Map(over.map(e => [e.name, e]));
  const out = base.map(e => byName.get(e.name) ?? e);
  const known = new Set(base.map(e => e.name));
  return [...out, ...over.filter(e => !known.has(e.name))];
}

function dropUndefinedFields(r: DaemonResources = {}): DaemonResources {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
}

function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
