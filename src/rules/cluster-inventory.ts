import { parseText } from './manifests';
import { RawTaint } from '../scheduling/matching';
import { Taint } from '../scheduling/taint';

/** A node reduced to what placement needs. */
export interface NodeView {
  readonly name: string;
  readonly labels: { readonly [key: string]: string };
  readonly taints: RawTaint[];
  /** `key=value:Effect` of each taint, in the same order. */
  readonly taintTexts: string[];
  /** All taint texts in one string: nodes with the same key have the same taints. */
  readonly taintKey: string;
  readonly unschedulable: boolean;
}

const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/**
 * The nodes of a cluster, as `kubectl get nodes -o json` prints them, for placement and drain
 * previews. Immutable: the `with*` methods return a changed copy for what-if questions.
 */
export class ClusterInventory {
  /**
   * Reads the output of `kubectl get nodes -o json` (a List or NodeList of Nodes), a single Node
   * (`kubectl get node NAME -o json`), or an array of Nodes. Throws a clear error for anything else.
   */
  public static fromNodeList(json: any): ClusterInventory {
    const what = describe(json);
    let items: any[];
    if (Array.isArray(json)) {
      items = json;
    } else if (json && typeof json === 'object' && (json.kind === 'List' || json.kind === 'NodeList') && Array.isArray(json.items)) {
      items = json.items;
    } else if (json && typeof json === 'object' && json.kind === 'Node') {
      items = [json];
    } else {
      throw new Error(`not a node list: expected the output of 'kubectl get nodes -o json' (kind List or NodeList with Node items), got ${what}`);
    }
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (!item || typeof item !== 'object' || (item.kind !== undefined && item.kind !== 'Node')) {
        throw new Error(`not a node list: item ${i} is ${describe(item)}, not a Node`);
      }
      const name = item.metadata?.name;
      if (typeof name !== 'string' || name === '') {
        throw new Error(`not a node list: item ${i} has no metadata.name`);
      }
      if (seen.has(name)) { throw new Error(`not a node list: node '${name}' appears twice`); }
      seen.add(name);
      const taints = item.spec?.taints;
      if (taints !== undefined && (!Array.isArray(taints) || taints.some((t: any) => !t || typeof t.key !== 'string' || typeof t.effect !== 'string'))) {
        throw new Error(`not a node list: node '${name}' has spec.taints that are not a list of { key, effect } objects`);
      }
    });
    return new ClusterInventory(items);
  }

  /**
   * Reads the output of `kubectl get nodes -o json` (or `-o yaml`) as text: the entry point for
   * Python, Java and Go.
   */
  public static fromJson(text: string): ClusterInventory {
    const docs = parseText(text, 'nodes');
    if (docs.length !== 1) { throw new Error(`not a node list: expected one document (the output of 'kubectl get nodes -o json'), found ${docs.length}`); }
    return ClusterInventory.fromNodeList(docs[0]);
  }

  /**
   * A kind cluster like the taints tutorial's: `kind-control-plane` with the control-plane role
   * label and its NoSchedule taint, and three workers (`kind-worker`, `kind-worker2`,
   * `kind-worker3`), all linux/amd64 with their hostname labels.
   */
  public static sample(): ClusterInventory {
    const node = (name: string, controlPlane: boolean) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          ...(controlPlane ? {
            'node-role.kubernetes.io/control-plane': '',
            'node.kubernetes.io/exclude-from-external-load-balancers': '',
          } : {}),
        },
      },
      spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    });
    return new ClusterInventory([
      node('kind-control-plane', true),
      node('kind-worker', false),
      node('kind-worker2', false),
      node('kind-worker3', false),
    ]);
  }

  /** The nodes, as plain Kubernetes JSON, in the order given. */
  public readonly nodes: any[];
  private views?: NodeView[];

  private constructor(nodes: any[]) {
    this.nodes = nodes;
  }

  /** The node names, in order. */
  public get nodeNames(): string[] {
    return this.nodes.map(n => n.metadata.name);
  }

  /** The node with this name, if any. */
  public node(name: string): any | undefined {
    return this.nodes.find(n => n.metadata.name === name);
  }

  /** A copy in which node `nodeName` also has `taint` (as `kubectl taint nodes`). */
  public withTaint(nodeName: string, taint: Taint): ClusterInventory {
    const existing = (this.node(nodeName)?.spec?.taints ?? []).find((t: any) => t.key === taint.key && t.effect === taint.effect);
    if (existing) {
      throw new Error(`node '${nodeName}' already has a taint ${taint.key}:${taint.effect} (kubectl taint would need --overwrite)`);
    }
    return this.change(nodeName, n => ({
      ...n,
      spec: {
        ...(n.spec ?? {}),
        taints: [...(n.spec?.taints ?? []), { key: taint.key, ...(taint.value ? { value: taint.value } : {}), effect: taint.effect }],
      },
    }));
  }

  /** A copy in which node `nodeName` has label `key=value` (as `kubectl label nodes`). */
  public withLabel(nodeName: string, key: string, value: string): ClusterInventory {
    return this.change(nodeName, n => ({
      ...n,
      metadata: { ...n.metadata, labels: { ...(n.metadata.labels ?? {}), [key]: value } },
    }));
  }

  /** A copy in which node `nodeName` is cordoned (`kubectl cordon`): unschedulable, with the unschedulable taint. */
  public cordon(nodeName: string): ClusterInventory {
    return this.change(nodeName, n => {
      const taints = (n.spec?.taints ?? []).filter((t: any) => t.key !== UNSCHEDULABLE_TAINT);
      return { ...n, spec: { ...(n.spec ?? {}), unschedulable: true, taints: [...taints, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' }] } };
    });
  }

  /** @internal */
  public _views(): NodeView[] {
    if (!this.views) {
      this.views = this.nodes.map(n => {
        const unschedulable = n.spec?.unschedulable === true;
        const taints: RawTaint[] = [...(n.spec?.taints ?? [])];
        // The node lifecycle controller taints a cordoned node; a hand-written node may only say unschedulable.
        if (unschedulable && !taints.some(t => t.key === UNSCHEDULABLE_TAINT)) {
          taints.push({ key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' });
        }
        const taintTexts = taints.map(t => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
        return { name: n.metadata.name, labels: n.metadata.labels ?? {}, taints, taintTexts, taintKey: taintTexts.join('\n'), unschedulable };
      });
    }
    return this.views;
  }

  private change(nodeName: string, f: (node: any) => any): ClusterInventory {
    if (!this.node(nodeName)) {
      throw new Error(`no node '${nodeName}' in the cluster (nodes: ${this.nodeNames.join(', ')})`);
    }
    return new ClusterInventory(this.nodes.map(n => (n.metadata.name === nodeName ? f(n) : n)));
  }
}

function describe(x: any): string {
  if (x === null || x === undefined) { return String(x); }
  if (Array.isArray(x)) { return 'an array'; }
  if (typeof x !== 'object') { return `a ${typeof x}`; }
  return x.kind ? `kind '${x.kind}'` : 'an object without kind';
}
