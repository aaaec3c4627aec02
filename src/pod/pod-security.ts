/**
 * Kubernetes Pod Security Standards (PSS) evaluation, v1.27 policy.
 *
 * A pure re-implementation of the checks in the upstream
 * `k8s.io/pod-security-admission/policy` package as of Kubernetes v1.27,
 * working over plain Kubernetes JSON (a PodSpec and, optionally, the pod's
 * ObjectMeta) rather than typed Go structs.
 *
 * Every check ID used in `PodSecurityViolation.check` is the upstream check ID.
 *
 * Notes on fidelity:
 * - Containers, initContainers and ephemeralContainers are all inspected, as upstream.
 * - Since v1.25 the `allowPrivilegeEscalation`, `capabilities_restricted` and
 *   `seccompProfile_restricted` checks skip pods with `spec.os.name=windows`.
 * - Upstream lets some restricted checks override ("replace") baseline checks when
 *   evaluating the restricted level (restrictedVolumes/hostPathVolumes,
 *   capabilities_restricted/capabilities_baseline,
 *   seccompProfile_restricted/seccompProfile_baseline). That only changes the result
 *   for pods the API server would reject anyway, so all checks are reported here and the
 *   level is derived monotonically from them.
 * - A volume with no source at all is treated as `emptyDir`, which is what API
 *   defaulting turns it into.
 */

/** Pod Security Standards level (values are the strings used by the pod-security.kubernetes.io labels). */
export enum PodSecurityLevel {
  /** Unrestricted policy. */
  PRIVILEGED = 'privileged',
  /** Minimally restrictive policy which prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Heavily restricted policy, following current pod hardening best practices. */
  RESTRICTED = 'restricted',
}

/** One failed Pod Security Standards check. */
export interface PodSecurityViolation {
  /** The level this violation breaks: BASELINE or RESTRICTED. */
  readonly level: PodSecurityLevel;
  /** The upstream check ID, e.g. 'hostNamespaces'. */
  readonly check: string;
  /** Short human sentence naming the offending field(s) and container(s). */
  readonly detail: string;
}

/** Result of evaluating a pod against the Pod Security Standards. */
export interface PodSecurityReport {
  /** The strictest level the pod satisfies. */
  readonly level: PodSecurityLevel;
  /** Every failed check; empty when the pod satisfies RESTRICTED. */
  readonly violations: PodSecurityViolation[];
}

// ---------------------------------------------------------------------------
// Policy data (v1.27)
// ---------------------------------------------------------------------------

/** Capabilities a baseline container may add. */
const BASELINE_ALLOWED_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The only capability a restricted container may add. */
const RESTRICTED_ALLOWED_CAPABILITY = 'NET_BIND_SERVICE';

/** Safe sysctls: the v1.0 set plus net.ipv4.ip_local_reserved_ports (added in v1.27). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
]);

/** SELinux types allowed at baseline ('' = unset). */
const ALLOWED_SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

/** Seccomp profile types allowed by the restricted policy. */
const VALID_SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Inline volume sources allowed by the restricted policy. */
const RESTRICTED_ALLOWED_VOLUME_SOURCES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/** Volume sources explicitly forbidden by the restricted policy (upstream's list, in upstream order). */
const RESTRICTED_FORBIDDEN_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** What each check gets to look at. */
interface PodView {
  readonly spec: any;
  readonly annotations: Record<string, unknown>;
  /** spec.securityContext, or {} */
  readonly podSecurityContext: any;
  /** initContainers, containers and ephemeralContainers, in that order */
  readonly containers: any[];
  readonly isWindows: boolean;
}

/** A check returns a detail sentence when it fails, or undefined when it passes. */
type CheckFn = (pod: PodView) => string | undefined;

interface CheckDefinition {
  readonly id: string;
  readonly level: PodSecurityLevel.BASELINE | PodSecurityLevel.RESTRICTED;
  readonly evaluate: CheckFn;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function securityContextOf(container: any): any {
  return isObject(container?.securityContext) ? container.securityContext : {};
}

/** The `name` of a container or volume. */
function nameOf(item: any): string {
  return String(item?.name ?? '');
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function joinQuote(items: string[]): string {
  return items.map(i => JSON.stringify(i)).join(', ');
}

function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** e.g. `containers "a", "b"` */
function describeContainers(names: string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** e.g. `pod and container "a"` */
function describeSetters(pod: boolean, containerNames: string[]): string {
  const setters: string[] = [];
  if (pod) {
    setters.push('pod');
  }
  if (containerNames.length > 0) {
    setters.push(describeContainers(containerNames));
  }
  return setters.join(' and ');
}

/** Names of the containers matching the predicate. */
function containersWhere(pod: PodView, predicate: (securityContext: any, container: any) => boolean): string[] {
  return pod.containers.filter(c => predicate(securityContextOf(c), c)).map(nameOf);
}

// ---------------------------------------------------------------------------
// Baseline checks
// ---------------------------------------------------------------------------

function checkWindowsHostProcess(pod: PodView): string | undefined {
  // sc is always an object: the pod's securityContext or a container's, {} when absent (securityContextOf)
  const isHostProcess = (sc: any) => sc.windowsOptions?.hostProcess === true;
  const podSet = isHostProcess(pod.podSecurityContext);
  const bad = containersWhere(pod, isHostProcess);
  if (!podSet && bad.length === 0) {
    return undefined;
  }
  return `${describeSetters(podSet, bad)} must not set securityContext.windowsOptions.hostProcess=true`;
}

function checkHostNamespaces(pod: PodView): string | undefined {
  const set = ['hostNetwork', 'hostPID', 'hostIPC'].filter(field => pod.spec[field] === true);
  return set.length > 0 ? set.map(field => `${field}=true`).join(', ') : undefined;
}

function checkPrivileged(pod: PodView): string | undefined {
  const bad = containersWhere(pod, sc => sc.privileged === true);
  return bad.length > 0 ? `${describeContainers(bad)} must not set securityContext.privileged=true` : undefined;
}

function checkCapabilitiesBaseline(pod: PodView): string | undefined {
  const forbidden = new Set<string>();
  const bad = containersWhere(pod, sc => {
    const added = asArray(sc.capabilities?.add).map(String).filter(cap => !BASELINE_ALLOWED_CAPABILITIES.has(cap));
    added.forEach(cap => forbidden.add(cap));
    return added.length > 0;
  });
  if (bad.length === 0) {
    return undefined;
  }
  return `${describeContainers(bad)} must not include ${joinQuote([...forbidden].sort())} in securityContext.capabilities.add`;
}

function checkHostPathVolumes(pod: PodView): string | undefined {
  const bad = asArray(pod.spec.volumes).filter(v => isSet(v?.hostPath)).map(nameOf);
  return bad.length > 0 ? `hostPath ${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}` : undefined;
}

function checkHostPorts(pod: PodView): string | undefined {
  const ports: string[] = [];
  // as the admission sees the pod, after the API server's defaulting: with hostNetwork, a port of a
  // container or init container without a hostPort gets its containerPort as hostPort
  const hostNetwork = pod.spec.hostNetwork === true;
  const defaulted = (c: any) => hostNetwork && !asArray(pod.spec.ephemeralContainers).includes(c);
  const bad = containersWhere(pod, (_sc, c) => {
    const hostPorts = asArray(c?.ports)
      .map(p => Number(p?.hostPort || (defaulted(c) ? p?.containerPort : 0) || 0))
      .filter(p => p !== 0);
    ports.push(...hostPorts.map(String));
    return hostPorts.length > 0;
  });
  if (bad.length === 0) {
    return undefined;
  }
  // as the admission lists them: each once, sorted as strings (its sets.String)
  const distinctPorts = unique(ports).sort();
  return `${describeContainers(bad)} ${pluralize('uses', 'use', bad.length)} `
    + `${pluralize('hostPort', 'hostPorts', distinctPorts.length)} ${distinctPorts.join(', ')}`;
}

function checkAppArmorProfile(pod: PodView): string | undefined {
  const allowed = (profile: string) => profile === '' || profile === 'runtime/default' || profile.startsWith('localhost/');
  const bad = Object.entries(pod.annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowed(String(value ?? '')))
    .map(([key, value]) => `${key}=${JSON.stringify(String(value))}`)
    .sort();
  return bad.length > 0 ? `forbidden AppArmor ${pluralize('annotation', 'annotations', bad.length)} ${bad.join(', ')}` : undefined;
}

function checkSeLinuxOptions(pod: PodView): string | undefined {
  const badTypes = new Set<string>();
  let setUser = false;
  let setRole = false;
  const invalid = (sc: any): boolean => {
    const opts = sc.seLinuxOptions;
    if (!isObject(opts)) {
      return false;
    }
    let bad = false;
    const type = String(opts.type ?? '');
    if (!ALLOWED_SELINUX_TYPES.has(type)) {
      badTypes.add(type);
      bad = true;
    }
    if (String(opts.user ?? '') !== '') {
      setUser = true;
      bad = true;
    }
    if (String(opts.role ?? '') !== '') {
      setRole = true;
      bad = true;
    }
    return bad;
  };
  const podBad = invalid(pod.podSecurityContext);
  const bad = containersWhere(pod, invalid);
  if (!podBad && bad.length === 0) {
    return undefined;
  }
  const problems: string[] = [];
  if (badTypes.size > 0) {
    problems.push(`${pluralize('type', 'types', badTypes.size)} ${joinQuote([...badTypes].sort())}`);
  }
  if (setUser) {
    problems.push('user may not be set');
  }
  if (setRole) {
    problems.push('role may not be set');
  }
  return `${describeSetters(podBad, bad)} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`;
}

function checkProcMount(pod: PodView): string | undefined {
  const types = new Set<string>();
  const bad = containersWhere(pod, sc => {
    if (isSet(sc.procMount) && sc.procMount !== 'Default') {
      types.add(String(sc.procMount));
      return true;
    }
    return false;
  });
  if (bad.length === 0) {
    return undefined;
  }
  return `${describeContainers(bad)} must not set securityContext.procMount to ${joinQuote([...types].sort())}`;
}

function checkSeccompProfileBaseline(pod: PodView): string | undefined {
  const badValues = new Set<string>();
  const invalid = (sc: any): boolean => {
    const profile = sc.seccompProfile;
    // as the admission: a profile set to anything but RuntimeDefault or Localhost (the API server
    // refuses types other than Unconfined, so Unconfined is what reaches it)
    if (isObject(profile) && !VALID_SECCOMP_TYPES.has(profile.type)) {
      badValues.add(String(profile.type ?? ''));
      return true;
    }
    return false;
  };
  const podBad = invalid(pod.podSecurityContext);
  const bad = containersWhere(pod, invalid);
  if (!podBad && bad.length === 0) {
    return undefined;
  }
  return `${describeSetters(podBad, bad)} must not set securityContext.seccompProfile.type to ${joinQuote([...badValues].sort())}`;
}

function checkSysctls(pod: PodView): string | undefined {
  const forbidden = asArray(pod.podSecurityContext.sysctls)
    .map(s => String(s?.name ?? ''))
    .filter(name => !SAFE_SYSCTLS.has(name));
  return forbidden.length > 0 ? `forbidden ${pluralize('sysctl', 'sysctls', forbidden.length)} ${forbidden.join(', ')}` : undefined;
}

// ---------------------------------------------------------------------------
// Restricted checks
// ---------------------------------------------------------------------------

function checkRestrictedVolumes(pod: PodView): string | undefined {
  const badVolumes: string[] = [];
  const badTypes = new Set<string>();
  for (const volume of asArray(pod.spec.volumes)) {
    if (!isObject(volume)) {
      continue;
    }
    if (RESTRICTED_ALLOWED_VOLUME_SOURCES.some(source => isSet(volume[source]))) {
      continue;
    }
    const sources = Object.keys(volume).filter(key => key !== 'name' && isSet(volume[key]));
    if (sources.length === 0) {
      continue; // no source: defaulted to emptyDir by the API server
    }
    badVolumes.push(nameOf(volume));
    badTypes.add(RESTRICTED_FORBIDDEN_VOLUME_SOURCES.find(source => sources.includes(source)) ?? 'unknown');
  }
  if (badVolumes.length === 0) {
    return undefined;
  }
  return `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} `
    + `${pluralize('uses', 'use', badVolumes.length)} `
    + `${pluralize('restricted volume type', 'restricted volume types', badTypes.size)} ${joinQuote([...badTypes].sort())}`;
}

function checkAllowPrivilegeEscalation(pod: PodView): string | undefined {
  if (pod.isWindows) {
    return undefined;
  }
  const bad = containersWhere(pod, sc => sc.allowPrivilegeEscalation !== false);
  return bad.length > 0 ? `${describeContainers(bad)} must set securityContext.allowPrivilegeEscalation=false` : undefined;
}

function checkRunAsNonRoot(pod: PodView): string | undefined {
  const podValue = pod.podSecurityContext.runAsNonRoot;
  const podBad = podValue === false;
  const podRunAsNonRoot = podValue === true;
  const explicitlyBad = containersWhere(pod, sc => sc.runAsNonRoot === false);
  if (podBad || explicitlyBad.length > 0) {
    return `${describeSetters(podBad, explicitlyBad)} must not set securityContext.runAsNonRoot=false`;
  }
  const implicitlyBad = podRunAsNonRoot ? [] : containersWhere(pod, sc => !isSet(sc.runAsNonRoot));
  if (implicitlyBad.length > 0) {
    return `pod or ${describeContainers(implicitlyBad)} must set securityContext.runAsNonRoot=true`;
  }
  return undefined;
}

function checkRunAsUser(pod: PodView): string | undefined {
  const podBad = pod.podSecurityContext.runAsUser === 0;
  const bad = containersWhere(pod, sc => sc.runAsUser === 0);
  return podBad || bad.length > 0 ? `${describeSetters(podBad, bad)} must not set runAsUser=0` : undefined;
}

function checkSeccompProfileRestricted(pod: PodView): string | undefined {
  if (pod.isWindows) {
    return undefined;
  }
  const badValues = new Set<string>();
  const podProfile = pod.podSecurityContext.seccompProfile;
  let podBad = false;
  let podValid = false;
  if (isObject(podProfile)) {
    if (VALID_SECCOMP_TYPES.has(podProfile.type)) {
      podValid = true;
    } else {
      podBad = true;
      badValues.add(String(podProfile.type ?? ''));
    }
  }
  const explicitlyBad = containersWhere(pod, sc => {
    if (isObject(sc.seccompProfile) && !VALID_SECCOMP_TYPES.has(sc.seccompProfile.type)) {
      badValues.add(String(sc.seccompProfile.type ?? ''));
      return true;
    }
    return false;
  });
  if (podBad || explicitlyBad.length > 0) {
    return `${describeSetters(podBad, explicitlyBad)} must not set securityContext.seccompProfile.type to ${joinQuote([...badValues].sort())}`;
  }
  const implicitlyBad = podValid ? [] : containersWhere(pod, sc => !isObject(sc.seccompProfile));
  if (implicitlyBad.length > 0) {
    return `pod or ${describeContainers(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
  }
  return undefined;
}

function checkCapabilitiesRestricted(pod: PodView): string | undefined {
  if (pod.isWindows) {
    return undefined;
  }
  const missingDropAll = containersWhere(pod, sc => !asArray(sc.capabilities?.drop).includes('ALL'));
  const forbidden = new Set<string>();
  const addingForbidden = containersWhere(pod, sc => {
    const added = asArray(sc.capabilities?.add).map(String).filter(cap => cap !== RESTRICTED_ALLOWED_CAPABILITY);
    added.forEach(cap => forbidden.add(cap));
    return added.length > 0;
  });
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${describeContainers(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${describeContainers(addingForbidden)} must not include ${joinQuote([...forbidden].sort())} in securityContext.capabilities.add`);
  }
  return details.length > 0 ? details.join('; ') : undefined;
}

// ---------------------------------------------------------------------------
// Check table and evaluation
// ---------------------------------------------------------------------------

const CHECKS: CheckDefinition[] = [
  // baseline
  { id: 'windowsHostProcess', level: PodSecurityLevel.BASELINE, evaluate: checkWindowsHostProcess },
  { id: 'hostNamespaces', level: PodSecurityLevel.BASELINE, evaluate: checkHostNamespaces },
  { id: 'privileged', level: PodSecurityLevel.BASELINE, evaluate: checkPrivileged },
  { id: 'capabilities_baseline', level: PodSecurityLevel.BASELINE, evaluate: checkCapabilitiesBaseline },
  { id: 'hostPathVolumes', level: PodSecurityLevel.BASELINE, evaluate: checkHostPathVolumes },
  { id: 'hostPorts', level: PodSecurityLevel.BASELINE, evaluate: checkHostPorts },
  { id: 'appArmorProfile', level: PodSecurityLevel.BASELINE, evaluate: checkAppArmorProfile },
  { id: 'seLinuxOptions', level: PodSecurityLevel.BASELINE, evaluate: checkSeLinuxOptions },
  { id: 'procMount', level: PodSecurityLevel.BASELINE, evaluate: checkProcMount },
  { id: 'seccompProfile_baseline', level: PodSecurityLevel.BASELINE, evaluate: checkSeccompProfileBaseline },
  { id: 'sysctls', level: PodSecurityLevel.BASELINE, evaluate: checkSysctls },
  // restricted
  { id: 'restrictedVolumes', level: PodSecurityLevel.RESTRICTED, evaluate: checkRestrictedVolumes },
  { id: 'allowPrivilegeEscalation', level: PodSecurityLevel.RESTRICTED, evaluate: checkAllowPrivilegeEscalation },
  { id: 'runAsNonRoot', level: PodSecurityLevel.RESTRICTED, evaluate: checkRunAsNonRoot },
  { id: 'runAsUser', level: PodSecurityLevel.RESTRICTED, evaluate: checkRunAsUser },
  { id: 'seccompProfile_restricted', level: PodSecurityLevel.RESTRICTED, evaluate: checkSeccompProfileRestricted },
  { id: 'capabilities_restricted', level: PodSecurityLevel.RESTRICTED, evaluate: checkCapabilitiesRestricted },
];

function viewOf(podSpec: any, podMetadata?: any): PodView {
  const spec = isObject(podSpec) ? podSpec : {};
  return {
    spec,
    annotations: isObject(podMetadata?.annotations) ? podMetadata.annotations : {},
    podSecurityContext: isObject(spec.securityContext) ? spec.securityContext : {},
    // the admission's order (its visitContainers): the details list containers in it
    containers: [
      ...asArray(spec.initContainers),
      ...asArray(spec.containers),
      ...asArray(spec.ephemeralContainers),
    ],
    isWindows: spec.os?.name === 'windows',
  };
}

/**
 * Evaluates a pod against the Pod Security Standards (v1.27 policy).
 *
 * @param podSpec the pod's `spec` as plain Kubernetes JSON
 * @param podMetadata the pod's `metadata` (only annotations are used, for AppArmor)
 * @returns the strictest level the pod satisfies and every failed check
 */
export function evaluatePodSecurity(podSpec: any, podMetadata?: any): PodSecurityReport {
  const pod = viewOf(podSpec, podMetadata);
  const violations: PodSecurityViolation[] = [];
  for (const check of CHECKS) {
    const detail = check.evaluate(pod);
    if (detail !== undefined) {
      violations.push({ level: check.level, check: check.id, detail });
    }
  }
  let level = PodSecurityLevel.RESTRICTED;
  if (violations.some(v => v.level === PodSecurityLevel.BASELINE)) {
    level = PodSecurityLevel.PRIVILEGED;
  } else if (violations.length > 0) {
    level = PodSecurityLevel.BASELINE;
  }
  return { level, violations };
}

const RANKS: Record<PodSecurityLevel, number> = {
  [PodSecurityLevel.PRIVILEGED]: 0,
  [PodSecurityLevel.BASELINE]: 1,
  [PodSecurityLevel.RESTRICTED]: 2,
};

/** rank: PRIVILEGED=0, BASELINE=1, RESTRICTED=2 */
export function podSecurityRank(level: PodSecurityLevel): number {
  return RANKS[level];
}

/** the least strict of the given levels (RESTRICTED for an empty list) */
export function leastStrictLevel(levels: PodSecurityLevel[]): PodSecurityLevel {
  return levels.reduce(
    // Stryker disable next-line EqualityOperator: two levels of one rank are the same level
    (least, level) => (podSecurityRank(level) < podSecurityRank(least) ? level : least),
    PodSecurityLevel.RESTRICTED,
  );
}
