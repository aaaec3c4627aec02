/**
 * The kube-scheduler's filters for a daemon pod on the node the DaemonSet controller made it for
 * (Kubernetes 1.27), and its default preemption: what decides whether the pod runs or stays Pending.
 *
 * - NodeResourcesFit (`noderesources.Fits`): the pod's effective requests (the sum of its
 *   containers', at least its largest init container's, plus pod overhead) against the node's
 *   allocatable minus what the pods on it request; cpu in millicores, everything else in whole
 *   units, each rounded up; extended resources, hugepages and the pod count too.
 * - NodePorts (`nodeports.Fits`): a host port in use on the node, protocol and host IP aware
 *   (0.0.0.0 conflicts with every address).
 * - Default preemption (`SelectVictimsOnNode`): a pod that does not fit evicts lower-priority pods
 *   of its node when removing all of them would make it fit, keeping ("reprieving") as many as it
 *   can, most important first; never with `preemptionPolicy: Never`.
 *
 * Node unschedulable is no filter here: the DaemonSet controller adds the toleration of
 * `node.kubernetes.io/unschedulable` to every daemon pod. Taints and node affinity are decided by the
 * placement rules before this.
 */
import { BUILT_IN_PRIORITY_VALUES, PreemptionPolicy } from '../scheduling/priority';
import { fromNano, nanoUnits } from '../util/quantity';

export { BUILT_IN_PRIORITY_VALUES };

/** Amounts as the scheduler counts them: cpu in millicores, every other resource in whole units. */
export type Amounts = Map<string, number>;

/** A host port in use, as the scheduler keys it: host IP ('0.0.0.0' when none), protocol, port. */
export interface HostPortUse {
  readonly hostIP: string;
  readonly protocol: string;
  readonly port: number;
}

/** A pod as the scheduler's view of a node counts it. */
export interface PodLoad {
  /** `namespace/name`. */
  readonly ref: string;
  readonly requests: Amounts;
  readonly ports: HostPortUse[];
  readonly priority: number;
  /** status.startTime in milliseconds (Infinity when unknown: the scheduler takes "now"), for the order in which preemption spares pods. */
  readonly start: number;
  /** `namespace/name` of the DaemonSet that owns it, if any. */
  readonly daemonSet?: string;
}

/** What a node offers. */
export interface NodeCapacity {
  /** status.allocatable, counted; undefined when the node does not say (no resource check then). */
  readonly allocatable?: Amounts;
  /** The pod count the node allows (allocatable pods). */
  readonly pods?: number;
}

const NANO_CACHE = new Map<string, bigint | undefined>();
function nano(value: unknown): bigint | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') { return undefined; }
  let n = NANO_CACHE.get(text);
  if (n === undefined && !NANO_CACHE.has(text)) {
    n = nanoUnits(text);
    if (NANO_CACHE.size > 10000) { NANO_CACHE.clear(); }
    NANO_CACHE.set(text, n);
  }
  return n;
}

/**
 * Whether the scheduler counts a resource of this name (framework.Resource.Add, 1.27): cpu, memory,
 * ephemeral-storage, and scalar resources (extended resources, hugepages, attachable volumes,
 * prefixed native resources). `pods` is the node's pod count, never a request.
 */
export function countedResource(name: string): boolean {
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') { return true; }
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) { return true; }
  if (name.includes('kubernetes.io/')) { return true; }
  return name.includes('/') && !name.startsWith('requests.');
}

/** The scheduler's unit for a resource: millicores for cpu, whole units for the rest. */
function toUnits(name: string, n: bigint): number {
  return fromNano(n, name === 'cpu' ? 3 : 0);
}

/** A container's requests after API defaulting: a resource with a limit and no request requests its limit. */
function containerRequests(c: any): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const requests = c?.resources?.requests;
  const limits = c?.resources?.limits;
  const add = (list: unknown, when: (name: string) => boolean) => {
    if (!list || typeof list !== 'object') { return; }
    for (const [name, value] of Object.entries(list)) {
      const n = nano(value);
      if (n !== undefined && countedResource(name) && when(name)) { out.set(name, n); }
    }
  };
  add(requests, () => true);
  // API defaulting: a resource with a limit and no request requests its limit
  add(limits, name => !(requests && typeof requests === 'object' && Object.prototype.hasOwnProperty.call(requests, name)));
  return out;
}

/**
 * The pod's effective requests (k8s.io/kubernetes/pkg/api/v1/resource.PodRequests, 1.27): the sum
 * of its containers' requests, raised to its largest init container's for each resource, plus
 * `spec.overhead`; summed exactly, then counted in the scheduler's units.
 */
export function podRequests(spec: any): Amounts {
  const sum = new Map<string, bigint>();
  for (const c of Array.isArray(spec?.containers) ? spec.containers : []) {
    for (const [name, n] of containerRequests(c)) { sum.set(name, (sum.get(name) ?? BigInt(0)) + n); }
  }
  for (const c of Array.isArray(spec?.initContainers) ? spec.initContainers : []) {
    for (const [name, n] of containerRequests(c)) {
      if (n > (sum.get(name) ?? BigInt(0))) { sum.set(name, n); }
    }
  }
  if (spec?.overhead && typeof spec.overhead === 'object') {
    for (const [name, value] of Object.entries(spec.overhead)) {
      const n = nano(value);
      if (n !== undefined && countedResource(name)) { sum.set(name, (sum.get(name) ?? BigInt(0)) + n); }
    }
  }
  const out: Amounts = new Map();
  for (const [name, n] of sum) { out.set(name, toUnits(name, n)); }
  return out;
}

/**
 * The host ports a pod takes (the scheduler reads its containers', not its init containers'), after
 * API defaulting: protocol TCP, host IP 0.0.0.0, and on the host network a host port equal to the
 * container port.
 */
export function podHostPorts(spec: any): HostPortUse[] {
  const out: HostPortUse[] = [];
  for (const c of Array.isArray(spec?.containers) ? spec.containers : []) {
    for (const p of Array.isArray(c?.ports) ? c.ports : []) {
      const port = typeof p?.hostPort === 'number' && p.hostPort > 0 ? p.hostPort
        : spec?.hostNetwork === true && typeof p?.containerPort === 'number' ? p.containerPort : 0;
      if (port <= 0) { continue; }
      out.push({ hostIP: typeof p.hostIP === 'string' && p.hostIP !== '' ? p.hostIP : '0.0.0.0', protocol: typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP', port });
    }
  }
  return out;
}

/** A node's allocatable, counted (undefined when the node gives none). */
export function nodeCapacity(node: any): NodeCapacity {
  const allocatable = node?.status?.allocatable;
  if (!allocatable || typeof allocatable !== 'object') { return {}; }
  const amounts: Amounts = new Map();
  let pods: number | undefined;
  for (const [name, value] of Object.entries(allocatable)) {
    const n = nano(value);
    if (n === undefined) { continue; }
    if (name === 'pods') { pods = fromNano(n, 0); } else if (countedResource(name)) { amounts.set(name, toUnits(name, n)); }
  }
  return { allocatable: amounts, pods };
}

/**
 * What runs on one node, as the scheduler's NodeInfo holds it: the pods, the sum of their
 * requests, and the host ports in use. Mutable: the preview adds the daemon pods it places.
 */
export class NodeLoad {
  public readonly pods: PodLoad[] = [];
  public readonly requested: Amounts = new Map();
  /** `protocol/port` to the host IPs that use it: a set, as the scheduler's HostPortInfo (removing a pod frees its address, see remove). */
  private readonly ports = new Map<string, Set<string>>();

  public constructor(public readonly name: string, public readonly capacity: NodeCapacity) {}

  /** The host IPs in use for `protocol/port` (read only). */
  public portsOf(key: string): ReadonlySet<string> | undefined {
    return this.ports.get(key);
  }

  /** The pods of DaemonSet `ref` (`namespace/name`) on the node (a scan: ask only for DaemonSets that may have one). */
  public ofDaemonSet(ref: string): PodLoad[] {
    return this.pods.filter(p => p.daemonSet === ref);
  }

  public add(p: PodLoad): void {
    this.pods.push(p);
    for (const [r, v] of p.requests) { this.requested.set(r, (this.requested.get(r) ?? 0) + v); }
    for (const u of p.ports) {
      const key = `${u.protocol}/${u.port}`;
      const ips = this.ports.get(key) ?? new Set<string>();
      ips.add(u.hostIP);
      this.ports.set(key, ips);
    }
  }

  public remove(p: PodLoad): void {
    const i = this.pods.indexOf(p);
    if (i < 0) { return; }
    this.pods.splice(i, 1);
    for (const [r, v] of p.requests) { this.requested.set(r, (this.requested.get(r) ?? 0) - v); }
    // As the scheduler's NodeInfo.RemovePod: its HostPortInfo is a set, so removing a pod frees its
    // (address, protocol, port) even when another pod of the node holds the same (which only pods
    // bound without the scheduler can do).
    for (const u of p.ports) { this.ports.get(`${u.protocol}/${u.port}`)?.delete(u.hostIP); }
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any address of the same protocol and port. */
  public portInUse(u: HostPortUse): boolean {
    return conflicts(this.ports.get(`${u.protocol}/${u.port}`), u.hostIP);
  }

  /** Copies of the host IPs in use of the ports `wanted` asks for (for what-if counting). */
  public portsCopy(wanted: HostPortUse[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const u of wanted) {
      const key = `${u.protocol}/${u.port}`;
      if (!out.has(key)) { out.set(key, new Set(this.ports.get(key) ?? [])); }
    }
    return out;
  }
}

/** Whether host IP `ip` conflicts with the addresses in use. */
function conflicts(ips: ReadonlySet<string> | undefined, ip: string): boolean {
  if (!ips || ips.size === 0) { return false; }
  if (ip === '0.0.0.0') { return true; }
  return ips.has('0.0.0.0') || ips.has(ip);
}

/**
 * fitsRequest and fitsPorts as one yes or no, without words: the pod count, then each resource the
 * pod requests (a zero request is no constraint), then the host ports.
 */
function fitsCore(requests: Amounts, ports: HostPortUse[], cap: NodeCapacity, podCount: number, used: (name: string) => number,
  ips: (key: string) => ReadonlySet<string> | undefined): boolean {
  if (cap.pods !== undefined && podCount + 1 > cap.pods) { return false; }
  if (cap.allocatable && requestsSomething(requests)) {
    for (const name of NATIVE) {
      if ((requests.get(name) ?? 0) > (cap.allocatable.get(name) ?? 0) - used(name)) { return false; }
    }
    for (const [name, want] of requests) {
      if (!NATIVE.includes(name) && want > 0 && want > (cap.allocatable.get(name) ?? 0) - used(name)) { return false; }
    }
  }
  for (const u of ports) {
    if (conflicts(ips(`${u.protocol}/${u.port}`), u.hostIP)) { return false; }
  }
  return true;
}

/** cpu, memory and ephemeral-storage: checked whenever the pod requests anything, a zero request too (a node already over-committed refuses it). */
const NATIVE = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * fitsRequest's early return: a pod that requests no cpu, memory or ephemeral-storage and names no
 * scalar resource (even at zero) is judged by the pod count alone.
 */
function requestsSomething(requests: Amounts): boolean {
  for (const [name, want] of requests) {
    if (!NATIVE.includes(name) || want !== 0) { return true; }
  }
  return false;
}

/** Whether a pod with `requests` and `ports` fits the node of `load` as it is. */
export function fits(requests: Amounts, ports: HostPortUse[], load: NodeLoad): boolean {
  return fitsCore(requests, ports, load.capacity, load.pods.length, n => load.requested.get(n) ?? 0, k => load.portsOf(k));
}

/** Why a pod does not fit a node, in the scheduler's words, with the numbers. */
export interface Misfit {
  /** The scheduler's reason: 'Insufficient cpu', 'Too many pods', or the node ports message. */
  readonly reason: string;
  /** The reason with its numbers, e.g. 'Insufficient cpu: requests 500m, 350m free of 4'. */
  readonly detail: string;
}

export const PORTS_REASON = 'node(s) didn\'t have free ports for the requested pod ports';

/** The filters NodeResourcesFit and NodePorts for a pod with `requests` and `ports` on `load`: empty when it fits. */
export function misfits(requests: Amounts, ports: HostPortUse[], load: NodeLoad): Misfit[] {
  if (fits(requests, ports, load)) { return []; }
  const out: Misfit[] = [];
  const cap = load.capacity;
  if (cap.pods !== undefined && load.pods.length + 1 > cap.pods) {
    out.push({ reason: 'Too many pods', detail: `Too many pods: ${load.pods.length} of ${cap.pods} already run there` });
  }
  if (cap.allocatable && requestsSomething(requests)) {
    // cpu, memory and ephemeral-storage (even at zero), then the scalar resources by name (the scheduler's order, made stable)
    const scalars = [...requests.keys()].filter(n => !NATIVE.includes(n)).sort();
    for (const name of [...NATIVE, ...scalars]) {
      const want = requests.get(name) ?? 0;
      if (want <= 0 && !NATIVE.includes(name)) { continue; }
      const allocatable = cap.allocatable.get(name) ?? 0;
      const free = allocatable - (load.requested.get(name) ?? 0);
      if (want > free) {
        out.push({ reason: `Insufficient ${name}`, detail: `Insufficient ${name}: requests ${formatAmount(name, want)}, ${formatAmount(name, Math.max(free, 0))} free of ${formatAmount(name, allocatable)}` });
      }
    }
  }
  const taken = ports.filter(u => load.portInUse(u));
  if (taken.length) {
    const holders = load.pods.filter(p => p.ports.some(q => taken.some(u => u.protocol === q.protocol && u.port === q.port))).map(p => p.ref);
    out.push({ reason: PORTS_REASON, detail: `${PORTS_REASON}: host port ${taken.map(u => `${u.port}/${u.protocol}`).join(', ')} held by ${holders.join(', ')}` });
  }
  return out;
}

/** An amount as a person reads it: cpu as cores or millicores, bytes in the largest binary unit that divides them. */
export function formatAmount(name: string, v: number): string {
  if (name === 'cpu') { return v % 1000 === 0 ? String(v / 1000) : `${v}m`; }
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    for (const [unit, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (v !== 0 && v % size === 0) { return `${v / size}${unit}`; }
    }
  }
  return String(v);
}

/** util.MoreImportantPod: higher priority first; then the one that started earlier (no start time: now, so last). */
function moreImportant(a: PodLoad, b: PodLoad): number {
  if (a.priority !== b.priority) { return b.priority - a.priority; }
  return a.start === b.start ? 0 : a.start < b.start ? -1 : 1;
}

/**
 * Default preemption on one node (SelectVictimsOnNode, PodDisruptionBudgets aside): the pods a pod of
 * `priority` would evict, or undefined when evicting every lower-priority pod would still not make
 * it fit (or there is none). Counts what-ifs on copies: `load` is not changed.
 */
export function preemptionVictims(requests: Amounts, ports: HostPortUse[], priority: number, load: NodeLoad): PodLoad[] | undefined {
  const potential = load.pods.filter(p => p.priority < priority);
  if (potential.length === 0) { return undefined; }
  const used = new Map<string, number>();
  for (const name of [...NATIVE, ...requests.keys()]) { used.set(name, load.requested.get(name) ?? 0); }
  const held = load.portsCopy(ports);
  let count = load.pods.length;
  const take = (p: PodLoad, sign: 1 | -1) => {
    count += sign;
    for (const [name, v] of used) { used.set(name, v + sign * (p.requests.get(name) ?? 0)); }
    for (const u of p.ports) {
      const ips = held.get(`${u.protocol}/${u.port}`);
      // a set, as the scheduler's HostPortInfo (see NodeLoad.remove)
      if (sign > 0) { ips?.add(u.hostIP); } else { ips?.delete(u.hostIP); }
    }
  };
  const fitsNow = () => fitsCore(requests, ports, load.capacity, count, n => used.get(n) ?? 0, k => held.get(k));
  // remove every lower-priority pod: if the pod does not fit even then, this node cannot help
  potential.forEach(p => take(p, -1));
  if (!fitsNow()) { return undefined; }
  // then reprieve as many as possible, most important first
  const victims: PodLoad[] = [];
  for (const p of potential.sort(moreImportant)) {
    take(p, 1);
    if (!fitsNow()) {
      take(p, -1);
      victims.push(p);
    }
  }
  return victims;
}

/** What a pod's priority is, as the Priority admission plugin sets it. */
export interface PodPriority {
  readonly value: number;
  /** `PreemptLowerPriority` or `Never`: the PriorityClass's (a class without one has PreemptLowerPriority). */
  readonly preemptionPolicy: string;
  /** The PriorityClass that gave it, if any. */
  readonly className?: string;
  /**
   * The pod's own `preemptionPolicy` when it differs from the one its class gives: the plugin then
   * refuses the pod ("must not be provided in pod spec"), so the DaemonSet makes none.
   */
  readonly refusedPolicy?: string;
}

/**
 * The Priority admission plugin's answer for a pod spec (plugin/pkg/admission/priority, 1.27), from
 * the built-in PriorityClasses, then the cluster's, then those of the manifests (which will be
 * applied): `priorityClassName`'s value and preemption policy; without one, the global default
 * class's (the lowest if several, as the plugin picks), else 0 and PreemptLowerPriority. A class
 * without a policy has PreemptLowerPriority (the API server's default). An unknown class counts as 0
 * (the plugin refuses the pod, so the DaemonSet makes none, which `check` reports).
 */
export function priorityResolver(classes: any[]): (spec: any) => PodPriority {
  const byName = new Map<string, { value: number; policy: string }>();
  const lower: string = PreemptionPolicy.PREEMPT_LOWER_PRIORITY;
  for (const [name, value] of Object.entries(BUILT_IN_PRIORITY_VALUES)) { byName.set(name, { value, policy: lower }); }
  let globalDefault: { name: string; value: number; policy: string } | undefined;
  for (const pc of classes) {
    const name = pc?.metadata?.name;
    if (typeof name !== 'string' || typeof pc.value !== 'number') { continue; }
    const policy = typeof pc.preemptionPolicy === 'string' ? pc.preemptionPolicy : lower;
    byName.set(name, { value: pc.value, policy });
    if (pc.globalDefault === true && (!globalDefault || pc.value < globalDefault.value)) { globalDefault = { name, value: pc.value, policy }; }
  }
  return spec => {
    const own = typeof spec?.preemptionPolicy === 'string' ? spec.preemptionPolicy : undefined;
    const name = typeof spec?.priorityClassName === 'string' && spec.priorityClassName !== '' ? spec.priorityClassName : undefined;
    const pc = name !== undefined ? byName.get(name) : globalDefault;
    // an unknown class: the plugin refuses the pod before it looks at the policy
    const policy = pc?.policy ?? (name === undefined ? lower : own ?? lower);
    return {
      value: pc?.value ?? 0,
      preemptionPolicy: policy,
      className: pc ? name ?? globalDefault?.name : undefined,
      refusedPolicy: own === policy ? undefined : own,
    };
  };
}

