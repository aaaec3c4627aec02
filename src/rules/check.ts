import * as kplus from 'cdk8s-plus-27';
import { apiRules, enforcedPodSecurity, nonStringFields, podSecurityLabelProblems } from './api-rules';
import { ClusterInventory } from './cluster-inventory';
import { hostClashes } from './host-clashes';
import { objectIdentity } from './manifests';
import { Placement } from './placement';
import { surgeDeadlock } from './rollout-rules';
import { BUILT_IN_PRIORITY_VALUES, PORTS_REASON, priorityResolver } from './scheduler-fit';
import { selectorOverlaps } from './selector-overlaps';
import { defaultPullPolicy } from '../pod/container-model';
import { evaluatePodSecurity, PodSecurityLevel, podSecurityRank } from '../pod/pod-security';

/** A manifest and the file it came from. */
export interface SourcedManifest {
  readonly file: string;
  readonly object: any;
}

/** The two PriorityClasses every cluster has. */
const BUILT_IN_PRIORITY_CLASSES = Object.keys(BUILT_IN_PRIORITY_VALUES).sort();

/** How `check` judges placement. */
export interface CheckOptions {
  /**
   * The cluster is the embedded sample (no --nodes): placement findings are warnings only.
   * @default false
   */
  readonly sampleCluster?: boolean;
  /**
   * A DaemonSet that runs on no node of a real inventory is an error (`--require-placement`).
   * @default false - a warning: node pools that scale from zero, or nodes labelled later
   */
  readonly requirePlacement?: boolean;
  /**
   * The inventory holds the cluster's running pods (`--pods`) on its real nodes: a daemon pod
   * predicted Pending is an error.
   * @default false - a warning: the load of the nodes is not known
   */
  readonly runningPods?: boolean;
}

/** The rules of `cdk8s-daemons check`, by stable id, with what each catches (README, SARIF). */
export const CHECK_RULES = {
  'duplicate-object': 'one object (API group, kind, namespace, name) defined twice: when applied, the last overwrites the first',
  'yaml11-scalar': 'an unquoted YAML 1.1 boolean or number where Kubernetes wants a string: the API server refuses the object',
  'api-refused': 'what the API server refuses: an object without a name, a DaemonSet without a pod template, and the rules the library enforces on its own constructs',
  'duplicate-declaration': 'an env var set twice, a port declared twice in the pod, or one port name in two containers: the API server accepts it, but only one of them counts',
  'surge-deadlock': 'a surge rollout with a host port (or hostNetwork): the new pod can never be scheduled',
  'on-delete': 'OnDelete: Argo CD shows the DaemonSet Healthy while old pods still run',
  'desired-zero': 'a DaemonSet that runs on no node (a warning unless --require-placement)',
  'surge-no-room': 'a surge rollout on nodes without room for the old and the new pod at once: the rollout stalls (an error with --nodes and --pods)',
  'pod-pending': 'a daemon pod the scheduler cannot bind on a node it is made for: not enough free cpu, memory, pods or extended resources, or a host port held (an error with --nodes and --pods)',
  'preemption': 'daemon pods that evict lower-priority pods to make room (the scheduler\'s preemption)',
  'evicted-by-taint': 'untolerated NoExecute taints evict the pods',
  'best-effort': 'no container requests or limits anything: BestEffort pods, evicted first',
  'unknown-priority-class': 'a priorityClassName neither built in nor in the input (nor in --priority-classes): no pod is created without it',
  'preemption-policy-refused': 'a pod preemptionPolicy other than its PriorityClass gives: the Priority admission plugin refuses every pod',
  'unpinned-image': 'a latest or untagged image: what runs changes without a change in Git',
  'pod-security': 'a pod the namespace\'s Pod Security level refuses',
  'coverage-gap': 'a logical daemon\'s DaemonSets leave nodes without a pod',
  'coverage-overlap': 'a logical daemon\'s DaemonSets run more than one pod on a node',
  'host-port-clash': 'two DaemonSets bind one host port on the same nodes',
  'host-path-clash': 'two DaemonSets write one host path on the same nodes (paths shared by design excepted)',
  'selector-overlap': 'a DaemonSet\'s selector selects another\'s pods',
} as const;

/** The id of a rule of `check`. */
export type CheckRuleId = keyof typeof CHECK_RULES;

/** The annotation by which an object exempts itself from rules: `cdk8s-daemons.io/ignore-check: rule-a,rule-b`. */
export const IGNORE_CHECK_ANNOTATION = 'cdk8s-daemons.io/ignore-check';

/** Whether `object` exempts itself from `rule` by the ignore-check annotation. */
function suppressed(object: any, rule: string): boolean {
  const value = object?.metadata?.annotations?.[IGNORE_CHECK_ANNOTATION];
  return typeof value === 'string' && value.split(',').map(r => r.trim()).includes(rule);
}

/** One finding of `cdk8s-daemons check`. */
export interface CheckFinding {
  /** The rule's stable id (see CHECK_RULES). */
  readonly rule: CheckRuleId;
  /** `error` fails the check; `warning` is listed. */
  readonly severity: 'error' | 'warning';
  /** The file the object came from. */
  readonly file: string;
  /** `DaemonSet namespace/name`. */
  readonly object: string;
  /** The field, as a path in the object. */
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * The deploy gate: what would go wrong with the DaemonSets of `manifests` on `cluster`, for anybody's
 * YAML. Errors: a rollout that can never finish, what the API server refuses among the rules the
 * library enforces on its own constructs (the same rule code), a pod the namespace's Pod Security
 * level refuses, host ports and host paths shared with another DaemonSet on the same nodes,
 * overlapping selectors, and, on a real inventory, variants that leave nodes uncovered or overlap.
 * Warnings: no node to run on (an error with `requirePlacement`), placement on the sample cluster,
 * BestEffort pods, a PriorityClass the input does not define, `latest` or untagged images, NoExecute
 * taints that evict the pods, OnDelete.
 */
export function checkManifests(manifests: SourcedManifest[], cluster: ClusterInventory, options: CheckOptions = {}): CheckFinding[] {
  const out: CheckFinding[] = [];
  // Placement judged on the embedded sample cluster says little about the real one: warnings only.
  const sample = options.sampleCluster ?? false;
  const inputClasses = manifests.filter(m => m.object?.kind === 'PriorityClass' && typeof m.object.metadata?.name === 'string').map(m => m.object);
  const knownClasses = [...cluster.priorityClasses, ...inputClasses];
  const priorityClasses = new Set([...BUILT_IN_PRIORITY_CLASSES, ...knownClasses.map(pc => pc?.metadata?.name)]);
  const priorityOf = priorityResolver(knownClasses);
  const ref = (o: any) => `${o?.kind ?? '<no kind>'} ${o?.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o?.metadata?.name ?? '<unnamed>'}`;
  const add = (rule: CheckRuleId, severity: 'error' | 'warning', m: SourcedManifest, field: string, problem: string, fix: string) => {
    // An object may say which rules it is exempt from, as kube-linter's ignore-check annotations do.
    if (!suppressed(m.object, rule)) { out.push({ rule, severity, file: m.file, object: ref(m.object), field, problem, fix }); }
  };

  // One object defined twice (in one file or two): `kubectl apply` (and Argo CD) keep the last. The
  // analysis below judges what would be applied: the last of each.
  const keys = manifests.map(m => objectKey(m.object));
  const last = new Map<string, SourcedManifest>();
  manifests.forEach((m, i) => {
    const key = keys[i];
    const prior = key === undefined ? undefined : last.get(key);
    if (prior) {
      add('duplicate-object', 'error', m, 'metadata.name', `is defined again (first in ${prior.file}): when applied, one overwrites the other, so only one of them runs`,
        'give each object its own name, or delete the copy');
    }
    if (key !== undefined) { last.set(key, m); }
  });
  // What would be applied: the last of each object, and every object without a name (which the API
  // server refuses, said below; the rest of its findings still count).
  const applied = manifests.filter((m, i) => keys[i] === undefined || last.get(keys[i]!) === m);
  for (const m of applied) {
    if (typeof m.object?.kind === 'string' && typeof m.object.metadata?.name !== 'string') {
      add('api-refused', 'error', m, 'metadata.name', 'is missing, and the API server refuses an object without a name (metadata.name: Required value)',
        `name the ${m.object.kind}${m.object.metadata?.generateName ? ' (kubectl apply and Argo CD refuse generateName)' : ''}`);
    }
  }
  // Where Kubernetes wants a string, a YAML 1.1 scalar left unquoted (yes, on, 1.0) is read as a
  // boolean or number, and the API server refuses the object.
  for (const m of manifests) {
    for (const { field, value } of nonStringFields(m.object)) {
      add('yaml11-scalar', 'error', m, field, `is ${JSON.stringify(value)}, a ${typeof value === 'boolean' ? 'boolean' : value === null ? 'null' : typeof value} where Kubernetes wants a string (an unquoted YAML 1.1 ${typeof value === 'boolean' ? 'yes/no/on/off/true/false' : 'scalar'}): the API server refuses the object`,
        `write it quoted, e.g. "${value === true ? 'yes' : value === false ? 'no' : String(value)}"`);
    }
  }
  const allDaemonSets = applied.filter(m => m.object?.kind === 'DaemonSet');
  // Without a pod template there is nothing to place or judge: the API server refuses the object.
  const hasPodSpec = (m: SourcedManifest) => { const spec = m.object.spec?.template?.spec; return !!spec && typeof spec === 'object' && !Array.isArray(spec); };
  for (const m of allDaemonSets.filter(x => !hasPodSpec(x))) {
    add('api-refused', 'error', m, 'spec.template.spec', 'is missing, and the API server refuses a DaemonSet without a pod template (spec.template.spec.containers: Required value)',
      'give the DaemonSet a pod template: spec.template with the pods\' labels and spec.containers');
  }
  const daemonSets = allDaemonSets.filter(hasPodSpec);
  const enforced = new Map<string, { level: PodSecurityLevel; file: string; unread?: string }>();
  for (const m of manifests) {
    if (m.object?.kind !== 'Namespace') { continue; }
    const labels = m.object.metadata?.labels;
    for (const { field, problem, fix } of podSecurityLabelProblems(labels)) { add('api-refused', 'error', m, field, problem, fix); }
    const enforcement = enforcedPodSecurity(labels);
    if (enforcement && typeof m.object.metadata?.name === 'string') { enforced.set(m.object.metadata.name, { ...enforcement, file: m.file }); }
  }
  const priorityClassObjects = applied.filter(m => m.object?.kind === 'PriorityClass').map(m => m.object);
  const report = Placement.preview([...daemonSets.map(m => m.object), ...priorityClassObjects], cluster);
  daemonSets.forEach((m, i) => {
    const ds = m.object;
    const spec = ds.spec.template.spec; // hasPodSpec
    apiRules(ds, (field, problem, fix, accepted) => add(accepted ? 'duplicate-declaration' : 'api-refused', accepted ? 'warning' : 'error', m, field, problem, fix));
    const deadlock = surgeDeadlock(spec, ds.spec.updateStrategy);
    if (deadlock) {
      add('surge-deadlock', 'error', m, 'spec.updateStrategy.rollingUpdate.maxSurge',
        `surges a second pod onto each node while the old one holds host port ${deadlock.hostPort} (container '${deadlock.container}', port '${deadlock.port}'${deadlock.viaHostNetwork ? ', a host port because of hostNetwork' : ''}), so the rollout never finishes (kubernetes/kubernetes#106417)`,
        'set maxSurge 0 and maxUnavailable instead, so the old pod frees the port first');
    }
    // A surge needs room for two pods at once on every node; host ports are surge-deadlock's.
    const stalled = report.daemonSets[i].nodes
      .map(n => ({ node: n.node, reasons: n.surgeReasons.filter(r => !r.startsWith(PORTS_REASON)) }))
      .filter(n => n.reasons.length);
    if (stalled.length) {
      const byReason = new Map<string, string[]>();
      for (const n of stalled) { byReason.set(n.reasons.join('; '), [...(byReason.get(n.reasons.join('; ')) ?? []), n.node]); }
      const real = !sample && (options.runningPods ?? false);
      add('surge-no-room', real ? 'error' : 'warning', m, 'spec.updateStrategy.rollingUpdate.maxSurge',
        `surges a second pod onto each node, but ${stalled.length} of its ${report.daemonSets[i].desired} nodes have no room for both at once, so the new pod stays Pending there and the rollout stalls: `
        + [...byReason].map(([r, nodes]) => `${nodes.join(', ')}: ${r}`).join(' | ')
        + (real ? '' : ` (judged on ${sample ? 'the sample cluster\'s load' : 'empty nodes: give --pods for what runs on them'})`),
        'leave room for a second pod on every node (lower the requests), or set maxSurge 0 and maxUnavailable instead');
    }
    if (ds.spec.updateStrategy?.type === 'OnDelete') {
      add('on-delete', 'warning', m, 'spec.updateStrategy.type', 'OnDelete: a template change reaches a node only when its pod is deleted, and Argo CD reports the DaemonSet Healthy while old pods still run',
        'plan how each pod gets deleted, or use RollingUpdate');
    }
    const placement = report.daemonSets[i];
    if (placement.desired === 0) {
      // Nodes by the reason they refuse the pod: one clause per reason, not per node.
      const byReason = new Map<string, string[]>();
      for (const n of placement.nodes) {
        const reason = n.reasons[0]; // a node that refuses the pod says one reason
        byReason.set(reason, [...(byReason.get(reason) ?? []), n.node]);
      }
      // A pool that scales from zero, or nodes labelled later, run it in time: an error only on request.
      add('desired-zero', options.requirePlacement && !sample ? 'error' : 'warning', m, 'spec.template.spec',
        `runs on no node of the ${sample ? 'sample cluster' : 'inventory'} (DESIRED 0): ${[...byReason].map(([r, nodes]) => `${nodes.join(', ')}: ${r}`).join(' | ')}`,
        sample ? 'give the cluster\'s nodes with --nodes (kubectl get nodes -o json) to judge the placement'
          : 'fix the node selection or the tolerations, or, if the nodes come later, leave it (--require-placement makes this an error)');
    }
    if (placement.pending > 0) {
      // Nodes by what keeps the pod Pending: one clause per set of reasons (nodes alike share one).
      const byReason = new Map<string, string[]>();
      for (const n of placement.nodes.filter(x => x.pendingReasons.length)) {
        const reason = n.pendingReasons.join('; ');
        byReason.set(reason, [...(byReason.get(reason) ?? []), n.node]);
      }
      const real = !sample && (options.runningPods ?? false);
      add('pod-pending', real ? 'error' : 'warning', m, 'spec.template.spec',
        `its pod stays Pending on ${placement.pending} of ${placement.desired} nodes it is made for: ${[...byReason].map(([r, nodes]) => `${nodes.join(', ')}: ${r}`).join(' | ')}`
        + (real ? '' : ` (judged on ${sample ? 'the sample cluster\'s load' : 'empty nodes: give --pods for what runs on them'})`),
        'lower its requests, free the host port, or give it a priority that may preempt (priorityClassName system-node-critical for a node agent)');
    }
    const preempting = placement.nodes.filter(n => n.preempts.length);
    if (preempting.length) {
      add('preemption', 'warning', m, 'spec.template.spec.priorityClassName',
        `its pods evict lower-priority pods to make room (priority ${placement.priority}): ${preempting.map(n => `${n.node}: ${n.preempts.join(', ')}`).join('; ')}`,
        'expected for a node agent with system-node-critical; otherwise lower its requests or its priority');
    }
    const evicted = placement.nodes.filter(n => !n.shouldRun && !n.shouldContinueRunning && n.reasons[0].startsWith('untolerated taint'));
    if (evicted.length && placement.desired > 0) {
      // Stryker disable next-line Regex: the reason starts 'untolerated taint ', and the taint's text has one ':' before its effect: the anchors change nothing
      add('evicted-by-taint', 'warning', m, 'spec.template.spec.tolerations', `untolerated NoExecute taints evict its pods on ${evicted.map(n => `${n.node} (${n.reasons[0].replace(/^untolerated taint /, '').replace(/:.*$/, '')})`).join(', ')}`,
        'tolerate the taint if the daemon belongs on those nodes');
    }
    // Kubernetes' QoS classes: a pod is BestEffort (scheduled as if it used nothing, evicted first)
    // only when no container, init containers included, requests or limits anything.
    const allContainers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    const hasResources = (c: any) => [c?.resources?.requests, c?.resources?.limits].some(r => r && typeof r === 'object' && Object.keys(r).length > 0);
    if (allContainers.length && !allContainers.some(hasResources)) {
      add('best-effort', 'warning', m, 'spec.template.spec.containers[].resources', 'no container requests or limits anything, so the pods are BestEffort: scheduled as if they used nothing and evicted first under pressure',
        'give CPU and memory requests and a memory limit');
    }
    const priorityClass = spec.priorityClassName;
    if (typeof priorityClass === 'string' && priorityClass && !priorityClasses.has(priorityClass)) {
      add('unknown-priority-class', 'warning', m, 'spec.template.spec.priorityClassName', `'${priorityClass}' is neither built in (${BUILT_IN_PRIORITY_CLASSES.join(', ')}) nor a PriorityClass of the input: without it on the cluster, the Priority admission refuses every pod and the DaemonSet makes none`,
        'define the PriorityClass in the input, or make sure the cluster has it');
    }
    const priority = priorityOf(spec);
    if (priority.refusedPolicy !== undefined) {
      // Judged on a known class: the one named, or the global default among the known classes; with
      // neither, on a cluster whose PriorityClasses were not given, its global default is unknown.
      const known = priority.className !== undefined || cluster.priorityClasses.length > 0;
      const from = priority.className !== undefined ? `PriorityClass '${priority.className}'${typeof priorityClass === 'string' && priorityClass ? '' : ' (the global default)'}`
        : 'no PriorityClass (none named, and no global default' + (known ? ')' : ' in the input; give --priority-classes for the cluster\'s)');
      add('preemption-policy-refused', known ? 'error' : 'warning', m, 'spec.template.spec.preemptionPolicy',
        `is ${priority.refusedPolicy}, but ${from} gives ${priority.preemptionPolicy}: the Priority admission plugin refuses every pod ("the string value of PreemptionPolicy (${priority.refusedPolicy}) must not be provided in pod spec"), so the DaemonSet makes none`,
        `drop preemptionPolicy from the pod (it can only repeat its class's), and name a PriorityClass whose preemptionPolicy is ${priority.refusedPolicy}`);
    }
    for (const c of allContainers) {
      if (typeof c?.image === 'string' && c.image && defaultPullPolicy(c.image) === kplus.ImagePullPolicy.ALWAYS) {
        add('unpinned-image', 'warning', m, `container '${c.name}' image`, `'${c.image}' is the latest tag or untagged: what runs changes without a change in Git`, 'pin a version tag or a digest');
      }
    }
    const ns = ds.metadata?.namespace;
    const level = ns ? enforced.get(ns) : undefined;
    if (level) {
      const pss = evaluatePodSecurity(spec, ds.spec.template.metadata);
      if (podSecurityRank(pss.level) < podSecurityRank(level.level)) {
        const why = pss.violations.filter(v => podSecurityRank(v.level) <= podSecurityRank(level.level)).map(v => v.detail);
        const enforces = level.unread === undefined ? `enforces '${level.level}'` : `enforces '${level.level}' (its label '${level.unread}' is no level, which Pod Security reads as restricted)`;
        add('pod-security', 'error', m, 'spec.template.spec', `needs Pod Security '${pss.level}' (${why.join('; ')}), but namespace '${ns}' (${level.file}) ${enforces}, so its pods are refused`,
          `set the namespace's pod-security.kubernetes.io/enforce to '${pss.level}', or drop what the pods need beyond '${level.level}'`);
      }
    }
  });

  for (const c of report.coverage.filter(cov => cov.daemonSets.length > 1)) {
    const first = daemonSets.find(m => m.object.metadata?.name === c.daemonSets[0] && `${m.object.metadata?.namespace ?? ''}` === (c.daemon.includes('/') ? c.daemon.split('/')[0] : ''));
    if (!first) { continue; }
    if (c.uncovered.length) {
      add('coverage-gap', sample ? 'warning' : 'error', first, 'spec.template.spec', `daemon ${c.daemon} (DaemonSets ${c.daemonSets.join(', ')}) runs no pod on ${c.uncovered.join(', ')}`, 'make one variant (or the base) select those nodes');
    }
    for (const o of c.overlapping) {
      add('coverage-overlap', sample ? 'warning' : 'error', first, 'spec.template.spec', `daemon ${c.daemon} runs more than one pod on ${o.node} (${o.daemonSets.join(', ')})`, 'make the variants\' node selections exclusive');
    }
  }

  const entries = daemonSets.map(m => ({
    source: `${m.file}#${daemonSets.indexOf(m)}`,
    // Stryker disable next-line Regex: a DaemonSet's ref starts 'DaemonSet ' and says it once
    ref: ref(m.object).replace(/^DaemonSet /, ''),
    namespace: m.object.metadata?.namespace ?? '',
    selector: m.object.spec.selector?.matchLabels ?? {},
    podLabels: m.object.spec.template.metadata?.labels ?? {},
    podAnnotations: m.object.spec.template.metadata?.annotations,
    podSpec: m.object.spec.template.spec,
  }));
  const bySource = new Map(entries.map((e, i) => [e.source, daemonSets[i]]));
  for (const clash of hostClashes(entries)) {
    add(clash.kind === 'hostPort' ? 'host-port-clash' : 'host-path-clash', 'error', bySource.get(clash.b.source)!, clash.kind === 'hostPort' ? 'spec.template.spec.containers[].ports[].hostPort' : 'spec.template.spec.volumes[].hostPath',
      `${clash.what} is also used by DaemonSet ${clash.a.ref} (${bySource.get(clash.a.source)!.file}), and both can run on one node (${clash.node})`,
      clash.kind === 'hostPort' ? 'use another port, or make the node selections exclusive' : 'give each daemon a host path of its own');
  }
  for (const o of selectorOverlaps(entries)) {
    const selected = bySource.get(o.selected.source)!;
    add('selector-overlap', 'error', bySource.get(o.selecting.source)!, 'spec.selector.matchLabels', `also selects the pods of ${ref(selected.object)} (${selected.file}), so both controllers would claim them`,
      'give each DaemonSet a selector of its own');
  }
  return out;
}

/** API group, kind, namespace and name of an object, or undefined for an object without kind or name. */
function objectKey(o: any): string | undefined {
  const kind = o?.kind;
  const name = o?.metadata?.name;
  if (typeof kind !== 'string' || typeof name !== 'string') { return undefined; }
  return objectIdentity(String(o.apiVersion ?? ''), kind, o.metadata.namespace, name);
}
