import { ClusterInventory, NodeView, podLoad } from './cluster-inventory';
import { loadManifests, parseText } from './manifests';
import { surges } from './rollout-rules';
import { BUILT_IN_PRIORITY_VALUES, fits, misfits, NodeLoad, PodLoad, PodPriority, podHostPorts, podRequests, preemptionVictims, priorityResolver } from './scheduler-fit';
import { RawRequirement, RawTaint, RawToleration, requirementMatches, toleratesTaint } from '../scheduling/matching';
import { parseInt64 } from '../util/bounds';
import { labelValueProblem, qualifiedNameProblem } from '../util/names';

/** What the DaemonSet controller decides for one pod template on one node. */
export interface PlacementDecision {
  /** A new daemon pod is created on the node (the node counts in DESIRED). */
  readonly shouldRun: boolean;
  /** A daemon pod already on the node keeps running (false: it is evicted or never belonged there). */
  readonly shouldContinueRunning: boolean;
  /** Short sentences naming the taint, label or field that decided. */
  readonly reasons: string[];
}

/** The decision for one node. */
export interface NodePlacement extends PlacementDecision {
  /** The node name. */
  readonly node: string;
  /**
   * When the pod is created for the node (`shouldRun`) but the scheduler cannot bind it: why it
   * stays Pending, in the scheduler's words with the numbers ('Insufficient cpu: requests 500m,
   * 350m free of 3800m'), then why preemption does not help. Empty when it is scheduled, or when it
   * is not created for this node.
   */
  readonly pendingReasons: string[];
  /**
   * The pods (`namespace/name`) the scheduler evicts to make room for the daemon pod: its default
   * preemption, which only a higher priority buys (what `system-node-critical` gives a node agent).
   */
  readonly preempts: string[];
  /**
   * When the DaemonSet's rollout surges (`maxSurge` above 0) and its pod runs here: why the new pod
   * cannot be bound beside the old one during an update (both at once need room), which stalls the
   * rollout on this node. Empty when it can (by preemption too), or when the rollout does not surge.
   */
  readonly surgeReasons: string[];
}

/** Where one DaemonSet's pods run. */
export interface DaemonSetPlacement {
  /** The DaemonSet name. */
  readonly name: string;
  /** Its namespace, if the manifest sets one. */
  readonly namespace?: string;
  /** Nodes that get a pod: the DESIRED column of `kubectl get ds`. */
  readonly desired: number;
  /** The NODE SELECTOR column of `kubectl get ds -o wide` (`<none>` when empty). */
  readonly nodeSelector: string;
  /** One decision per node, in the cluster's order. */
  readonly nodes: NodePlacement[];
  /** Nodes where its pod is created but stays Pending (not enough free resources, a host port held). */
  readonly pending: number;
  /** The priority of its pods (the Priority admission plugin's value). */
  readonly priority: number;
}

/** A node that more than one variant of a daemon would run on. */
export interface CoverageOverlap {
  /** The node. */
  readonly node: string;
  /** The DaemonSets that would each run a pod there. */
  readonly daemonSets: string[];
}

/**
 * Coverage across the variants of one logical daemon: the DaemonSets of one namespace whose pod
 * templates share an `app.kubernetes.io/name` label (each DaemonSet alone otherwise).
 */
export interface CoverageReport {
  /** `namespace/name` of the logical daemon. */
  readonly daemon: string;
  /** Its DaemonSets (variants). */
  readonly daemonSets: string[];
  /** Nodes where no variant runs a pod. */
  readonly uncovered: string[];
  /** Nodes where more than one variant runs a pod. */
  readonly overlapping: CoverageOverlap[];
}

/** The answer of `Placement.preview`. */
export interface PlacementReport {
  /** The cluster's node names. */
  readonly nodes: string[];
  /** One entry per DaemonSet, in manifest order. */
  readonly daemonSets: DaemonSetPlacement[];
  /** One entry per logical daemon. */
  readonly coverage: CoverageReport[];
}

/** A pod `kubectl drain` meets on the node. */
export interface DrainPod {
  /** Kind of the workload that owns the pod (DaemonSet, Deployment, ..., or Pod for a bare pod). */
  readonly kind: string;
  /** Name of the workload. */
  readonly name: string;
  /** Its namespace, if the manifest sets one. */
  readonly namespace?: string;
  /** Whether the pod has emptyDir volumes. */
  readonly emptyDir: boolean;
  /** What drain does with it and why. */
  readonly note: string;
}

/** What `kubectl drain NODE` would do, for the workloads in the manifests. */
export interface DrainReport {
  /** The node. */
  readonly node: string;
  /** The drain command with the flags it needs to go through. */
  readonly command: string;
  /** The flags it needs (`--ignore-daemonsets`, `--delete-emptydir-data`, `--force`). */
  readonly flags: string[];
  /** DaemonSet pods on the node: drain needs --ignore-daemonsets, and they stay. */
  readonly daemonSetPods: DrainPod[];
  /** Other workloads' pods that may be on the node and that need a flag or are evicted. */
  readonly otherPods: DrainPod[];
  /**
   * The pods running on the node (from the inventory's pods) that drain evicts, each with where the
   * scheduler could bind it again: another node that takes it (selectors, affinity, taints) and has
   * room, given what runs there and the evicted pods placed before it, or none (it stays Pending).
   * Empty without running pods in the inventory. DaemonSet pods and static pods stay on the node.
   */
  readonly evictedPods: DrainPod[];
  /** What happens to the node and its daemon pods, in sentences. */
  readonly notes: string[];
}

/** The tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations, 1.27). */
const DAEMON_TOLERATIONS: RawToleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
/** Added only to hostNetwork daemon pods. */
const NETWORK_UNAVAILABLE_TOLERATION: RawToleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

interface CompiledTerm {
  readonly expressions: RawRequirement[];
  readonly fields: RawRequirement[];
  /** Why Kubernetes cannot parse the term (then it matches no node, while other terms still may). */
  readonly invalid?: string;
}

/** A pod spec prepared once for evaluation on many nodes. */
interface CompiledPod {
  readonly nodeName?: string;
  readonly selector: Array<[string, string]>;
  /** Required node affinity terms (ORed); undefined when there is none. */
  readonly terms?: CompiledTerm[];
  readonly own: RawToleration[];
  readonly added: RawToleration[];
  /** Outcomes already decided, by what decided them (see outcome()). */
  readonly outcomes: Map<string, Outcome>;
}

/** A decision without its node. */
type Outcome = PlacementDecision;

/** How a pod treats one taint: tolerated (by its own or an added toleration), or not, and the words for it. */
interface TaintVerdict {
  readonly tolerated: boolean;
  readonly reason?: string;
}

/**
 * Offline answers to "on which nodes will my daemon pods run, and why not elsewhere", the way the
 * DaemonSet controller decides it (NodeShouldRunDaemonPod, Kubernetes 1.27), for our YAML and anybody's.
 */
export class Placement {
  /**
   * Decides one pod template spec on one Node, both plain Kubernetes JSON (`spec.template.spec` of
   * a DaemonSet; a Node as `kubectl get node NAME -o json` prints it). Applies `nodeName`,
   * `nodeSelector`, required node affinity (all operators, `matchFields`), and NoSchedule/NoExecute
   * taints against the pod's tolerations plus those the controller adds to every daemon pod.
   */
  public static evaluate(podSpec: any, node: any): PlacementDecision {
    let view: NodeView;
    try {
      [view] = ClusterInventory.fromNodeList([node])._views();
    } catch (e: any) {
      // Stryker disable next-line Regex: ClusterInventory's messages about item 0 always start so, with 'is ' or 'has '
      throw new Error(`Placement.evaluate: node is not a Node as 'kubectl get node NAME -o json' prints it: ${e.message.replace(/^not a node list: item 0 (is |has )?/, '')}`);
    }
    const { shouldRun, shouldContinueRunning, reasons } = outcome(compileDaemonPod(podSpec ?? {}), view);
    return { shouldRun, shouldContinueRunning, reasons: [...reasons] };
  }

  /**
   * For each DaemonSet in `manifests` (objects, a cdk8s Chart or App, or YAML text; other kinds are
   * ignored), which nodes of `cluster` get a pod and why not, the DESIRED count, and the coverage
   * across variants of one daemon.
   * @param cluster the nodes; default: `ClusterInventory.sample()`
   */
  public static preview(manifests: any, cluster?: ClusterInventory): PlacementReport {
    const inventory = cluster ?? ClusterInventory.sample();
    const views = inventory._views();
    const objects = loadManifests(manifests);
    const loads = inventory._loads();
    // Stryker disable next-line MethodExpression,ConditionalExpression,OptionalChaining: priorityResolver skips objects without a numeric value (no other kind has one); loadManifests drops nulls
    const priorityOf = priorityResolver([...inventory.priorityClasses, ...objects.filter(o => o?.kind === 'PriorityClass')]);
    const all = objects.filter(isDaemonSet);
    // The scheduler takes pending pods by priority, higher first; of equal priority, in order of
    // creation (here: the manifests' order, which the stable sort keeps). Each pod it binds takes
    // room from the ones after it.
    const order = all.map((ds, i) => ({ ds, i, priority: priorityOf(podSpecOf(ds)) }))
      .sort((a, b) => b.priority.value - a.priority.value);
    // Stryker disable next-line ArrayDeclaration: every index is assigned below
    const daemonSets: Array<DaemonSetPlacement & { labels: { [key: string]: string } }> = new Array(all.length);
    // The DaemonSets that may already have a pod on a node (which the new one replaces): those of
    // the running pods, and any placed earlier in this preview (the same DaemonSet given twice).
    const present = new Set(inventory._daemonSetsWithPods());
    for (const { ds, i, priority } of order) {
      const spec = podSpecOf(ds);
      const pod = compileDaemonPod(spec);
      const name = ds.metadata?.name ?? '<unnamed>';
      const ref = `${ds.metadata?.namespace ?? 'default'}/${name}`;
      // one daemon pod, bound to each node that has room (it is the same on every node)
      const daemonPod: PodLoad = { ref: `${ref} (daemon pod)`, requests: podRequests(spec), ports: podHostPorts(spec), priority: priority.value, daemonSet: ref, start: Infinity };
      const surge = surges(ds.spec.updateStrategy);
      const replaces = present.has(ref);
      present.add(ref);
      const nodes: NodePlacement[] = [];
      let desired = 0;
      let pending = 0;
      for (const view of views) {
        const d = outcome(pod, view);
        let result = SCHEDULED;
        if (d.shouldRun) {
          desired++;
          const load = loads.get(view.name)!;
          result = schedule(load, daemonPod, priority, replaces);
          if (result.pendingReasons.length) {
            pending++;
          } else if (surge) {
            result = { ...result, surgeReasons: surgeReasons(load, daemonPod, priority) };
          }
        }
        nodes.push({
          node: view.name,
          shouldRun: d.shouldRun,
          shouldContinueRunning: d.shouldContinueRunning,
          reasons: d.reasons,
          pendingReasons: result.pendingReasons,
          preempts: result.preempts,
          surgeReasons: result.surgeReasons,
        });
      }
      const selector = spec.nodeSelector ?? {};
      // As kubectl prints it (labels.FormatLabels): `key=value` pairs sorted (by UTF-16 code units, as
      // Go's sort.Strings by bytes for these ASCII keys), comma-separated.
      const pairs = Object.entries(selector).map(([k, v]) => `${k}=${v}`).sort();
      const nodeSelector = pairs.length ? pairs.join(',') : '<none>';
      const labels = ds.spec.template.metadata?.labels ?? {};
      daemonSets[i] = { name, namespace: ds.metadata?.namespace, desired, nodeSelector, nodes, pending, priority: priority.value, labels };
    }
    return {
      nodes: inventory.nodeNames,
      daemonSets: daemonSets.map(({ labels: _labels, ...rest }) => rest),
      coverage: coverageOf(daemonSets, inventory.nodeNames),
    };
  }

  /**
   * What `kubectl drain nodeName` would do to the workloads in `manifests`: DaemonSet pods need
   * `--ignore-daemonsets` and stay (the cordoned node keeps running them); pods of other workloads
   * with emptyDir volumes need `--delete-emptydir-data`; bare pods need `--force`.
   * @param cluster the nodes; default: `ClusterInventory.sample()`
   */
  public static drain(manifests: any, nodeName: string, cluster?: ClusterInventory): DrainReport {
    const inventory = cluster ?? ClusterInventory.sample();
    if (!inventory.node(nodeName)) {
      throw new Error(`no node '${nodeName}' in the cluster (nodes: ${inventory.nodeNames.join(', ')})`);
    }
    const before = inventory._views().find(v => v.name === nodeName)!;
    const objects = loadManifests(manifests);

    const daemonSetPods: DrainPod[] = [];
    for (const ds of objects.filter(isDaemonSet)) {
      const pod = compileDaemonPod(podSpecOf(ds));
      // A daemon pod is on the node when the controller places one there (DESIRED), not merely when one would be kept.
      if (!decide(pod, before).shouldRun) { continue; }
      // It stays: the cordon adds only the unschedulable NoSchedule taint, which the DaemonSet
      // controller tolerates for every daemon pod (and a pod placed there tolerates the node's others).
      const emptyDir = hasEmptyDir(podSpecOf(ds));
      daemonSetPods.push({
        kind: 'DaemonSet',
        name: ds.metadata?.name ?? '<unnamed>',
        namespace: ds.metadata?.namespace,
        emptyDir,
        note: 'DaemonSet-managed: drain refuses it without --ignore-daemonsets, then leaves it running on the cordoned node (it tolerates node.kubernetes.io/unschedulable)'
          + (emptyDir ? '; its emptyDir data stays, since drain never deletes DaemonSet pods' : ''),
      });
    }

    const otherPods: DrainPod[] = [];
    let anyBare = false;
    for (const w of objects) {
      const spec = workloadPodSpec(w);
      if (!spec) { continue; } // DaemonSets included: their pods are the daemonSetPods above
      if (!decide(compilePod(spec, []), before).shouldRun && spec.nodeName !== nodeName) { continue; }
      // kubectl drain's unreplicatedFilter: a pod without a controller owner reference needs --force.
      const bare = w.kind === 'Pod' && !ownerReferences(w).some((o: any) => o?.controller === true);
      if (bare) { anyBare = true; }
      const emptyDir = hasEmptyDir(spec);
      const may = spec.nodeName === nodeName ? 'runs on this node' : 'may run on this node';
      const needs = [bare ? '--force (no controller recreates it; it is deleted for good)' : '', emptyDir ? '--delete-emptydir-data (its emptyDir data is lost)' : ''].filter(Boolean);
      otherPods.push({
        kind: w.kind,
        name: w.metadata?.name ?? '<unnamed>',
        namespace: w.metadata?.namespace,
        emptyDir,
        note: `${may}; ${needs.length ? `drain needs ${needs.join(' and ')}` : 'drain evicts it and its controller starts it elsewhere'}`,
      });
    }

    const flags = [
      ...(daemonSetPods.length ? ['--ignore-daemonsets'] : []),
      ...(otherPods.some(p => p.emptyDir) ? ['--delete-emptydir-data'] : []),
      ...(anyBare ? ['--force'] : []),
    ];
    const notes = [
      `node/${nodeName} cordoned: no new pods are scheduled there, but DaemonSet pods tolerate node.kubernetes.io/unschedulable and keep running`,
    ];
    if (daemonSetPods.length) {
      notes.push(`without --ignore-daemonsets drain stops with: cannot delete DaemonSet-managed Pods: ${daemonSetPods.map(podRef).join(', ')}`);
    }
    const withEmptyDir = otherPods.filter(p => p.emptyDir);
    if (withEmptyDir.length) {
      notes.push(`without --delete-emptydir-data drain stops with: cannot delete Pods with local storage: ${withEmptyDir.map(podRef).join(', ')}`);
    }
    const evictedPods = rehome(inventory, nodeName);
    const stranded = evictedPods.filter(p => p.note.startsWith('no other node'));
    if (stranded.length) {
      notes.push(`${stranded.length} of the ${evictedPods.length} pods drain evicts find no other node with room and stay Pending: ${stranded.map(podRef).join(', ')}`);
    }
    return { node: nodeName, command: ['kubectl', 'drain', nodeName, ...flags].join(' '), flags, daemonSetPods, otherPods, evictedPods, notes };
  }

  /**
   * `preview` for YAML or JSON text (one or more documents): the entry point for Python, Java and Go,
   * which cannot pass arbitrary objects.
   * @param cluster the nodes; default: `ClusterInventory.sample()`
   */
  public static previewYaml(manifests: string, cluster?: ClusterInventory): PlacementReport {
    return Placement.preview(parseText(manifests, 'manifests'), cluster);
  }

  /**
   * `drain` for YAML or JSON text.
   * @param cluster the nodes; default: `ClusterInventory.sample()`
   */
  public static drainYaml(manifests: string, nodeName: string, cluster?: ClusterInventory): DrainReport {
    return Placement.drain(parseText(manifests, 'manifests'), nodeName, cluster);
  }

  /** `evaluate` for a pod spec and a Node given as JSON (or YAML) text. */
  public static evaluateJson(podSpec: string, node: string): PlacementDecision {
    const [spec] = parseText(podSpec, 'podSpec');
    const [n] = parseText(node, 'node');
    return Placement.evaluate(spec, n);
  }

  private constructor() {}
}

/** A node's answer when the pod is scheduled, or not created there. */
const NONE = Object.freeze([]) as unknown as string[];
const SCHEDULED: Scheduling = Object.freeze({ pendingReasons: NONE, preempts: NONE, surgeReasons: NONE });

type Scheduling = Pick<NodePlacement, 'pendingReasons' | 'preempts' | 'surgeReasons'>;

/**
 * Why a surge pod (the new pod while the old one, bound in `load`, still runs) cannot be bound: the
 * scheduler's reasons; none when it fits, or when preemption of lower-priority pods makes room (the
 * old pod has the same priority, so it is never the victim).
 */
function surgeReasons(load: NodeLoad, pod: PodLoad, priority: PodPriority): string[] {
  // Stryker disable next-line ConditionalExpression,BlockStatement: a short cut: for a pod that fits, the general path finds no misfits (and preemption needs no victim)
  if (fits(pod.requests, pod.ports, load)) { return NONE; }
  if (priority.preemptionPolicy !== 'Never' && preemptionVictims(pod.requests, pod.ports, pod.priority, load)) { return NONE; }
  return misfits(pod.requests, pod.ports, load).map(m => m.detail);
}

/**
 * The scheduler's answer for the daemon pod of DaemonSet `ref` on the node of `load`: it replaces
 * the DaemonSet's pod there, then it fits, or it preempts lower-priority pods, or it stays Pending.
 * Binds it (and evicts the victims) in `load`.
 */
function schedule(load: NodeLoad, pod: PodLoad, priority: PodPriority, replaces: boolean): Scheduling {
  const { requests, ports } = pod;
  // Stryker disable next-line ConditionalExpression: a short cut: a DaemonSet not present has no pod in the loads
  if (replaces) { load.ofDaemonSet(pod.daemonSet!).forEach(old => load.remove(old)); }
  if (fits(requests, ports, load)) {
    load.add(pod);
    return SCHEDULED;
  }
  const reasons = misfits(requests, ports, load).map(m => m.detail);
  if (priority.preemptionPolicy === 'Never') {
    return { pendingReasons: [...reasons, 'no preemption: preemptionPolicy is Never'], preempts: NONE, surgeReasons: NONE };
  }
  const victims = preemptionVictims(requests, ports, priority.value, load);
  if (victims) {
    victims.forEach(v => load.remove(v));
    load.add(pod);
    return { pendingReasons: NONE, preempts: victims.map(v => v.ref), surgeReasons: NONE };
  }
  const lower = load.pods.some(p => p.priority < priority.value);
  const critical = BUILT_IN_PRIORITY_VALUES['system-node-critical'];
  reasons.push(lower
    ? 'no preemption: evicting every lower-priority pod on the node would still not make room'
    : `no preemption: no pod on the node has a priority below ${priority.value}${priority.className ? ` (${priority.className})` : ''}`
      + (priority.value < critical ? '; priorityClassName system-node-critical lets a node agent evict lower-priority pods' : ''));
  return { pendingReasons: reasons, preempts: NONE, surgeReasons: NONE };
}

/**
 * Where the pods drain evicts from `nodeName` can go: each (higher priority first, then in the
 * inventory's order) to the first other node whose taints, selectors and affinity take it and that
 * has room (the scheduler scores nodes; any node with room will do for the question "does it find
 * one"), taking that room from the pods after it. DaemonSet pods and static (mirror) pods stay.
 */
function rehome(inventory: ClusterInventory, nodeName: string): DrainPod[] {
  const cordoned = inventory.cordon(nodeName);
  const views = cordoned._views().filter(v => v.name !== nodeName);
  const loads = inventory._loads();
  const leaving = inventory.pods.filter(p => p.spec.nodeName === nodeName && !ownedBy(p, 'DaemonSet') && !ownedBy(p, 'Node'));
  // higher priority first; sort is stable, so pods of one priority keep the inventory's order
  const order = leaving.map((p, i) => ({ p, i, load: podLoad(p) })).sort((a, b) => b.load.priority - a.load.priority);
  // Stryker disable next-line ArrayDeclaration: every index is assigned below
  const out: DrainPod[] = new Array(leaving.length);
  for (const { p, i, load: pod } of order) {
    // the pod as its controller makes it again: not bound to this node
    const compiled = compilePod({ ...p.spec, nodeName: undefined }, []);
    const refusals: string[] = [];
    let home: string | undefined;
    for (const view of views) {
      const d = outcome(compiled, view);
      // Stryker disable next-line StringLiteral: an outcome that refuses the pod has exactly one reason
      if (!d.shouldRun) { refusals.push(`${view.name}: ${d.reasons.join('; ')}`); continue; }
      const load = loads.get(view.name)!;
      if (fits(pod.requests, pod.ports, load)) {
        load.add(pod);
        home = view.name;
        break;
      }
      refusals.push(`${view.name}: ${misfits(pod.requests, pod.ports, load).map(m => m.detail).join('; ')}`);
    }
    const owner = ownerReferences(p).find((o: any) => o?.controller === true);
    out[i] = {
      kind: owner?.kind ?? 'Pod',
      name: p.metadata.name,
      namespace: p.metadata.namespace,
      emptyDir: hasEmptyDir(p.spec ?? {}),
      note: home ? `evicted; the scheduler can bind it again on ${home}` : `no other node can take it, so it stays Pending: ${refusals.join(' | ') || 'the cluster has no other node'}`,
    };
  }
  return out;
}

function ownedBy(p: any, kind: string): boolean {
  return ownerReferences(p).some((o: any) => o?.kind === kind);
}

/** An object's owner references; none when the field is not a list. */
function ownerReferences(o: any): any[] {
  const refs = o.metadata?.ownerReferences;
  // Stryker disable next-line ArrayDeclaration: an entry that is no object has no kind nor controller
  return Array.isArray(refs) ? refs : [];
}

/** The DaemonSet controller's view of a daemon pod: its own tolerations plus the ones it adds. */
function compileDaemonPod(spec: any): CompiledPod {
  const added = spec.hostNetwork === true ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE_TOLERATION] : DAEMON_TOLERATIONS;
  return compilePod(spec, added);
}

function compilePod(spec: any, added: RawToleration[]): CompiledPod {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required ? (required.nodeSelectorTerms ?? []).map((t: any) => {
    const expressions: RawRequirement[] = t?.matchExpressions ?? [];
    const fields: RawRequirement[] = t?.matchFields ?? [];
    return { expressions, fields, invalid: unparsable(expressions, fields) };
  }) : undefined;
  return {
    nodeName: spec.nodeName || undefined,
    selector: Object.entries(spec.nodeSelector ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
    terms,
    own: Array.isArray(spec.tolerations) ? spec.tolerations : [],
    added,
    outcomes: new Map(),
  };
}

/** NodeShouldRunDaemonPod: nodeName, node affinity (nodeSelector + required terms), then taints. */
function decide(pod: CompiledPod, node: NodeView): PlacementDecision {
  return outcome(pod, node);
}

/**
 * The decision without the node name. Outcomes repeat across nodes (same missing label, same
 * taints), so each is made once per pod and shared, with its reasons frozen.
 */
function outcome(pod: CompiledPod, node: NodeView): Outcome {
  if (pod.nodeName !== undefined && pod.nodeName !== node.name) {
    // Stryker disable next-line StringLiteral: the one key of the nodeName outcome; no other key is empty
    return cached(pod, 'nodeName',
      () => no(false, `the pod template sets nodeName '${pod.nodeName}'`));
  }
  for (const [key, value] of pod.selector) {
    const actual = node.labels[key];
    if (actual !== value) {
      return cached(pod, `selector\0${key}\0${actual === undefined ? '\u0001' : actual}`, () => no(false,
        `nodeSelector ${key}=${value}: ${actual === undefined ? `the node has no label ${key}` : `the node has ${key}=${actual}`}`));
    }
  }
  if (pod.terms !== undefined && !pod.terms.some(t => termMatches(t, node))) {
    const why = pod.terms.length ? pod.terms.map(t => termFailure(t, node)).join(' OR ') : 'it has no nodeSelectorTerms, so it matches no node';
    return cached(pod, `affinity\0${why}`, () => no(false, `required node affinity not met: ${why}`));
  }
  return cached(pod, `taints\0${node.taintKey}`, () => taintOutcome(pod, node));
}

/** The taint phase: untolerated NoExecute evicts, untolerated NoSchedule only stops new pods. */
function taintOutcome(pod: CompiledPod, node: NodeView): Outcome {
  let blockNew: string | undefined;
  let evict: string | undefined;
  const reasons: string[] = [];
  node.taints.forEach((taint, i) => {
    const text = node.taintTexts[i];
    const verdict = judgeTaint(pod, taint, text);
    if (verdict.tolerated) {
      if (verdict.reason) { reasons.push(verdict.reason); }
    } else if (taint.effect === 'NoExecute') {
      evict = evict ?? text;
    } else {
      blockNew = blockNew ?? text;
    }
  });
  if (evict) { return no(false, `untolerated taint ${evict}: no pod, and a running one is evicted`); }
  if (blockNew) { return no(true, `untolerated taint ${blockNew}: no new pod, but a running one stays`); }
  return { shouldRun: true, shouldContinueRunning: true, reasons: Object.freeze(reasons) as string[] };
}

function no(shouldContinueRunning: boolean, reason: string): Outcome {
  return { shouldRun: false, shouldContinueRunning, reasons: Object.freeze([reason]) as string[] };
}

function cached(pod: CompiledPod, key: string, make: () => Outcome): Outcome {
  let o = pod.outcomes.get(key);
  // Stryker disable next-line ConditionalExpression: the cache only saves work: the outcome made again is an equal one
  if (!o) {
    o = make();
    pod.outcomes.set(key, o);
  }
  return o;
}

/** How a pod's tolerations treat one taint; PreferNoSchedule never blocks. */
function judgeTaint(pod: CompiledPod, taint: RawTaint, text: string): TaintVerdict {
  if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') {
    return { tolerated: true, reason: taint.effect === 'PreferNoSchedule' ? `taint ${text} never blocks a daemon pod` : undefined };
  }
  if (pod.own.some(t => toleratesTaint(t, taint))) { return { tolerated: true, reason: `tolerates ${text}` }; }
  if (pod.added.some(t => toleratesTaint(t, taint))) { return { tolerated: true, reason: `tolerates ${text} (the DaemonSet controller adds this toleration)` }; }
  return { tolerated: false };
}

/**
 * Why the scheduler's node selector cannot parse a term, or undefined: labels.NewRequirement's rules
 * for expressions (a qualified-name key; In/NotIn with values, Exists/DoesNotExist without,
 * Gt/Lt with one int64; every value a label value) and, for fields, `metadata.name` with In or
 * NotIn and exactly one value. Such a term matches no node (the lazy-error node selector).
 */
function unparsable(expressions: RawRequirement[], fields: RawRequirement[]): string | undefined {
  for (const r of expressions) {
    const values = r.values ?? [];
    const keyProblem = typeof r.key === 'string' ? qualifiedNameProblem(r.key) : 'is not a string';
    if (keyProblem) { return `key '${r.key}' ${keyProblem}`; }
    switch (r.operator) {
      case 'In': case 'NotIn':
        if (!values.length) { return `${r.key} ${r.operator} has no values`; }
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length) { return `${r.key} ${r.operator} has values`; }
        break;
      case 'Gt': case 'Lt':
        if (values.length !== 1 || parseInt64(String(values[0])) === undefined) { return `${r.key} ${r.operator} needs exactly one integer`; }
        break;
      default:
        return `operator '${r.operator}' is not one Kubernetes knows`;
    }
    const bad = values.find(v => typeof v !== 'string' || labelValueProblem(v));
    if (bad !== undefined) { return `'${bad}' is not a label value`; }
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name') { return `field '${r.key}' is not metadata.name`; }
    if ((r.operator !== 'In' && r.operator !== 'NotIn') || (r.values ?? []).length !== 1) {
      return `field ${requirementText(r)} needs In or NotIn with exactly one value`;
    }
  }
  return undefined;
}

function termMatches(term: CompiledTerm, node: NodeView): boolean {
  // An empty term matches no node (nodeaffinity: a nil or empty term matches nothing).
  if (term.expressions.length === 0 && term.fields.length === 0) { return false; }
  if (term.invalid) { return false; }
  for (const r of term.expressions) {
    if (!requirementMatches(r, node.labels[r.key])) { return false; }
  }
  // a parsed term's fields are all metadata.name (unparsable() refuses any other)
  for (const r of term.fields) {
    if (!requirementMatches(r, node.name)) { return false; }
  }
  return true;
}

function termFailure(term: CompiledTerm, node: NodeView): string {
  if (term.expressions.length === 0 && term.fields.length === 0) { return 'an empty term matches no node'; }
  if (term.invalid) { return `a term Kubernetes cannot parse matches no node (${term.invalid})`; }
  for (const r of term.expressions) {
    if (!requirementMatches(r, node.labels[r.key])) {
      const actual = node.labels[r.key];
      return `${requirementText(r)} (${actual === undefined ? 'label absent' : `${r.key}=${actual}`})`;
    }
  }
  const field = term.fields.find(r => !requirementMatches(r, node.name))!;
  return `field ${requirementText(field)} (node name ${node.name})`;
}

function requirementText(r: RawRequirement): string {
  return `${r.key} ${r.operator}${r.values?.length ? ` [${r.values.join(', ')}]` : ''}`;
}

function podRef(p: DrainPod): string {
  return `${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

function isDaemonSet(o: any): boolean {
  // Stryker disable next-line OptionalChaining: never null (loadManifests drops nulls); a string has no kind
  return o?.kind === 'DaemonSet';
}

function podSpecOf(ds: any): any {
  const spec = ds.spec?.template?.spec;
  if (!spec || typeof spec !== 'object') {
    throw new Error(`DaemonSet '${ds.metadata?.name ?? '<unnamed>'}' has no spec.template.spec`);
  }
  return spec;
}

/** The pod spec of a workload of any kind that makes pods, or undefined. */
function workloadPodSpec(o: any): any | undefined {
  // Stryker disable next-line OptionalChaining: never null (loadManifests drops nulls); a string has no kind
  switch (o?.kind) {
    case 'Pod': return o.spec;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'Job': case 'ReplicationController':
      return o.spec?.template?.spec;
    // Stryker disable next-line ConditionalExpression: falling out of the switch returns undefined too
    default: return undefined;
  }
}

function hasEmptyDir(spec: any): boolean {
  // Stryker disable next-line ArrayDeclaration: an entry that is no object has no emptyDir
  return (spec.volumes ?? []).some((v: any) => v && v.emptyDir !== undefined);
}

function coverageOf(daemonSets: Array<DaemonSetPlacement & { labels: { [k: string]: string } }>, nodeNames: string[]): CoverageReport[] {
  const groups = new Map<string, Array<DaemonSetPlacement>>();
  for (const ds of daemonSets) {
    const key = `${ds.namespace ?? ''}/${ds.labels['app.kubernetes.io/name'] ?? ds.name}`;
    groups.set(key, [...(groups.get(key) ?? []), ds]);
  }
  const out: CoverageReport[] = [];
  for (const [key, members] of groups) {
    const uncovered: string[] = [];
    const overlapping: CoverageOverlap[] = [];
    nodeNames.forEach((node, i) => {
      let count = 0;
      for (const m of members) { if (m.nodes[i].shouldRun) { count++; } }
      if (count === 0) { uncovered.push(node); }
      if (count > 1) { overlapping.push({ node, daemonSets: members.filter(m => m.nodes[i].shouldRun).map(m => m.name) }); }
    });
    out.push({ daemon: key.startsWith('/') ? key.slice(1) : key, daemonSets: members.map(m => m.name), uncovered, overlapping });
  }
  return out;
}
