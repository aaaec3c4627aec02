import { declaredShared, sharedPair } from './host-path-sharing';
import { SelectorEntry } from './selector-overlaps';
import { normalizeNodePath } from '../pod/volumes';
import { NodeSelectorOperator, NodeSelectorRequirement } from '../scheduling/node-affinity';
import { Dnf, overlap, selectionOf } from '../scheduling/node-selection';

/** A DaemonSet as the clash rules read it: plain Kubernetes JSON of its pod template spec. */
export interface DaemonSetEntry extends SelectorEntry {
  /** Where it comes from, for messages (a construct path, or `file: DaemonSet/name`). */
  readonly source: string;
  /** `namespace/name` of the DaemonSet. */
  readonly ref: string;
  /** `spec.template.spec`. */
  readonly podSpec: any;
  /** `spec.template.metadata.annotations` (host paths declared shared on purpose). */
  readonly podAnnotations?: { readonly [key: string]: unknown };
}

/** Two DaemonSets that can land on one node and both need the same thing of it. */
export interface HostClash {
  readonly a: DaemonSetEntry;
  readonly b: DaemonSetEntry;
  /** `host port 9100/TCP` or `host path /var/log (written by both)`. */
  readonly what: string;
  /** The field of `b` that clashes, e.g. `hostPort 9100/TCP` or `hostPath /var/log`. */
  readonly kind: 'hostPort' | 'hostPath';
  /** An example of a node both select, as requirements. */
  readonly node: string;
}

/** The host ports a pod binds (`port/PROTOCOL`): declared hostPorts, and every declared port with hostNetwork. */
export function hostPortsOf(spec: any): string[] {
  const out = new Set<string>();
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const p of c?.ports ?? []) {
      const port = p?.hostPort ?? (spec.hostNetwork === true ? p?.containerPort : undefined);
      if (typeof port === 'number' && port > 0) { out.add(`${port}/${p.protocol ?? 'TCP'}`); }
    }
  }
  return [...out];
}

/** The host paths a pod mounts writable (a container mounts the hostPath volume without readOnly). */
export function writableHostPathsOf(spec: any): string[] {
  const paths = new Map<string, string>();
  for (const v of spec?.volumes ?? []) {
    if (v?.hostPath?.path) { paths.set(v.name, normalizeNodePath(v.hostPath.path)); }
  }
  const out = new Set<string>();
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const m of c?.volumeMounts ?? []) {
      const path = paths.get(m?.name);
      if (path !== undefined && m.readOnly !== true) { out.add(path); }
    }
  }
  return [...out];
}

/** The nodes a pod template may run on, as far as labels and names tell (taints aside). */
export function nodeSelectionOf(spec: any): Dnf {
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const parsed: NodeSelectorRequirement[][] | undefined = Array.isArray(terms) ? terms.map((t: any) => [
    ...(t?.matchExpressions ?? []).map((r: any) => NodeSelectorRequirement.custom(r.key, r.operator as NodeSelectorOperator, r.values ?? [])),
    ...(t?.matchFields ?? []).map((r: any) => NodeSelectorRequirement.field(r.key, r.operator as NodeSelectorOperator, r.values ?? [])),
  ]) : undefined;
  const selector: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) { selector[k] = String(v); }
  let selection = selectionOf(selector, parsed);
  if (typeof spec?.nodeName === 'string' && spec.nodeName) {
    selection = selection.map(t => [...t, NodeSelectorRequirement.nodeNameIs(spec.nodeName)]);
  }
  return selection;
}

/**
 * Pairs of DaemonSets whose pods can land on the same node and that both bind the same host port
 * and protocol, or both write the same host path (or one inside the other). Cost: one pass to index
 * the ports and paths, then a placement check for each pair that shares one.
 */
export function hostClashes(entries: DaemonSetEntry[]): HostClash[] {
  const selections = new Map<DaemonSetEntry, Dnf | undefined>();
  const selectionOfEntry = (e: DaemonSetEntry) => {
    // Stryker disable next-line ConditionalExpression: a cache; computing the selection again gives the same value
    if (!selections.has(e)) {
      let s: Dnf | undefined; // undefined: a selector Kubernetes would reject (judged elsewhere), which may overlap anything
      try {
        s = nodeSelectionOf(e.podSpec);
      } catch {}
      selections.set(e, s);
    }
    return selections.get(e);
  };
  const canShareNode = (a: DaemonSetEntry, b: DaemonSetEntry): string | undefined => {
    const sa = selectionOfEntry(a);
    const sb = selectionOfEntry(b);
    if (!sa || !sb) { return 'any node'; }
    const both = overlap(sa, sb);
    return both === undefined ? undefined : (both.length ? both.map(r => r.toString()).join(' AND ') : 'any node');
  };

  const out: HostClash[] = [];
  const byPort = new Map<string, DaemonSetEntry[]>();
  const byPath = new Map<string, DaemonSetEntry[]>();
  for (const e of entries) {
    for (const port of hostPortsOf(e.podSpec)) {
      const prior = byPort.get(port) ?? [];
      byPort.set(port, prior);
      for (const other of prior) {
        const node = canShareNode(other, e);
        if (node) { out.push({ a: other, b: e, kind: 'hostPort', what: `host port ${port}`, node }); }
      }
      prior.push(e);
    }
  }
  for (const e of entries) {
    for (const path of writableHostPathsOf(e.podSpec)) {
      const writers = byPath.get(path);
      if (writers) { writers.push(e); } else { byPath.set(path, [e]); }
    }
  }
  const declared = new Map<DaemonSetEntry, Map<string, unknown>>();
  const declaredOf = (e: DaemonSetEntry) => {
    // Stryker disable next-line ConditionalExpression: a cache; reading the annotation again gives the same paths
    if (!declared.has(e)) { declared.set(e, declaredShared(e.podAnnotations)); }
    return declared.get(e)!;
  };
  // Shared on purpose: by design (the node's shared paths), within one application, or declared.
  const onPurpose = (a: DaemonSetEntry, b: DaemonSetEntry, pathA: string, pathB: string) => sharedPair(pathA, pathB)
    || sameApplication(a, b)
    || declaredOf(a).has(pathA) || declaredOf(b).has(pathB);
  for (const [path, writers] of byPath) {
    // Writers of the same path, then writers of this path against writers of each ancestor.
    writers.forEach((e, i) => {
      for (const other of writers.slice(0, i)) {
        const node = onPurpose(other, e, path, path) ? undefined : canShareNode(other, e);
        const what = path === '/etc/cni/net.d' || path.startsWith('/etc/cni/net.d/')
          ? `host path ${path} (both write a CNI configuration: the kubelet uses the first by name, so one of the two networks is not the pods')`
          : `host path ${path} (both write it)`;
        if (node) { out.push({ a: other, b: e, kind: 'hostPath', what, node }); }
      }
    });
    for (const anc of ancestors(path)) {
      for (const other of byPath.get(anc) ?? []) {
        for (const e of writers) {
          const node = other === e || onPurpose(other, e, anc, path) ? undefined : canShareNode(other, e);
          if (node) { out.push({ a: other, b: e, kind: 'hostPath', what: `host path ${path}, inside ${anc} that the other writes`, node }); }
        }
      }
    }
  }
  return out;
}

/**
 * Two components of one application, designed to share its dirs (cilium's agent and envoy): the same
 * `app.kubernetes.io/part-of` on their pods, and different components (`app.kubernetes.io/component`,
 * or when neither says, different `app.kubernetes.io/name`). Two instances of one component (two log
 * collectors, say) are not designed to share.
 */
function sameApplication(a: DaemonSetEntry, b: DaemonSetEntry): boolean {
  const label = (e: DaemonSetEntry, key: string) => (typeof e.podLabels[key] === 'string' && e.podLabels[key] ? e.podLabels[key] : undefined);
  const partOf = label(a, 'app.kubernetes.io/part-of');
  if (partOf === undefined || partOf !== label(b, 'app.kubernetes.io/part-of')) { return false; }
  const [ca, cb] = [label(a, 'app.kubernetes.io/component'), label(b, 'app.kubernetes.io/component')];
  return ca !== undefined || cb !== undefined ? ca !== cb : label(a, 'app.kubernetes.io/name') !== label(b, 'app.kubernetes.io/name');
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (p !== '/' && p.includes('/')) {
    p = p.slice(0, p.lastIndexOf('/')) || '/';
    out.push(p);
  }
  return out;
}
