import { parseText } from './manifests';
import { BUILT_IN_PRIORITY_VALUES, NodeLoad, nodeCapacity, PodLoad, podHostPorts, podRequests } from './scheduler-fit';
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
      if (!item || typeof item !== 'object' || Array.isArray(item) || (item.kind !== undefined && item.kind !== 'Node')) {
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
    return new ClusterInventory(items, [], []);
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
      // what a 2-core control plane and 4-core workers with 8 and 16 GiB report, after the kubelet's reservations
      status: {
        allocatable: controlPlane
          ? { 'cpu': '1900m', 'memory': '7Gi', 'ephemeral-storage': '45Gi', 'pods': '110' }
          : { 'cpu': '3800m', 'memory': '15Gi', 'ephemeral-storage': '95Gi', 'pods': '110' },
      },
    });
    type Requests = { [k: string]: string };
    const pod = (namespace: string, name: string, nodeName: string, priority: number, requests: Requests, owner?: [string, string]) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      // a static pod's mirror is owned by its Node (v1), the others by their apps/v1 controller
      metadata: { namespace, name, ...(owner ? { ownerReferences: [{ apiVersion: owner[0] === 'Node' ? 'v1' : 'apps/v1', kind: owner[0], name: owner[1], controller: true }] } : {}) },
      spec: { nodeName, priority, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', resources: { requests } }] },
      status: { phase: 'Running', startTime: '2026-01-01T00:00:00Z' },
    });
    const nodes = ['kind-control-plane', 'kind-worker', 'kind-worker2', 'kind-worker3'];
    const nodeCritical = BUILT_IN_PRIORITY_VALUES['system-node-critical'];
    const clusterCritical = BUILT_IN_PRIORITY_VALUES['system-cluster-critical'];
    const pods = [
      // kube-proxy on every node, no requests
      ...nodes.map((n, i) => pod('kube-system', `kube-proxy-${i}`, n, nodeCritical, {}, ['DaemonSet', 'kube-proxy'])),
      // the control plane's static pods
      pod('kube-system', 'etcd-kind-control-plane', nodes[0], nodeCritical, { cpu: '100m', memory: '100Mi' }, ['Node', nodes[0]]),
      pod('kube-system', 'kube-apiserver-kind-control-plane', nodes[0], nodeCritical, { cpu: '250m' }, ['Node', nodes[0]]),
      pod('kube-system', 'kube-controller-manager-kind-control-plane', nodes[0], nodeCritical, { cpu: '200m' }, ['Node', nodes[0]]),
      pod('kube-system', 'kube-scheduler-kind-control-plane', nodes[0], nodeCritical, { cpu: '100m' }, ['Node', nodes[0]]),
      // CoreDNS, and an application of priority 0 on each worker
      pod('kube-system', 'coredns-5d78c9869d-a', nodes[1], clusterCritical, { cpu: '100m', memory: '70Mi' }, ['ReplicaSet', 'coredns-5d78c9869d']),
      pod('kube-system', 'coredns-5d78c9869d-b', nodes[2], clusterCritical, { cpu: '100m', memory: '70Mi' }, ['ReplicaSet', 'coredns-5d78c9869d']),
      ...nodes.slice(1).map((n, i) => pod('default', `web-7c5ddbdf54-${i}`, n, 0, { cpu: '1', memory: '2Gi' }, ['ReplicaSet', 'web-7c5ddbdf54'])),
    ];
    return new ClusterInventory(nodes.map((n, i) => node(n, i === 0)), pods, []);
  }

  /** The nodes, as plain Kubernetes JSON, in the order given. */
  public readonly nodes: any[];
  /** The pods that run on the nodes (bound to one, not finished), as plain Kubernetes JSON. */
  public readonly pods: any[];
  /** The cluster's PriorityClasses, as plain Kubernetes JSON (the built-in two are known without them). */
  public readonly priorityClasses: any[];
  private views?: NodeView[];
  private podLoads?: PodLoad[];

  private constructor(nodes: any[], pods: any[], priorityClasses: any[]) {
    this.nodes = nodes;
    this.pods = pods;
    this.priorityClasses = priorityClasses;
  }

  /**
   * A copy that knows what already runs: the output of `kubectl get pods -A -o json` (a List or
   * PodList of Pods, or an array). Pods bound to a node of the inventory and not finished (phase
   * neither Succeeded nor Failed) count: their requests, host ports and priority. A pod of a
   * DaemonSet the preview judges is replaced by the new one, not added to it.
   */
  public withPods(podList: any): ClusterInventory {
    const items = listItems(podList, 'Pod', 'pod', 'kubectl get pods -A -o json');
    const known = new Set(this.nodeNames);
    const running = items.filter(p => typeof p.spec?.nodeName === 'string' && known.has(p.spec.nodeName)
      && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    return new ClusterInventory(this.nodes, running, this.priorityClasses);
  }

  /** `withPods` for the text of `kubectl get pods -A -o json` (or `-o yaml`): the entry point for Python, Java and Go. */
  public withPodsJson(text: string): ClusterInventory {
    return this.withPods(oneDocument(text, 'pods', 'kubectl get pods -A -o json'));
  }

  /**
   * A copy that knows the cluster's PriorityClasses: the output of `kubectl get priorityclasses -o
   * json`. PriorityClasses in the manifests previewed count too; the two built-in ones are always known.
   */
  public withPriorityClasses(list: any): ClusterInventory {
    const items = listItems(list, 'PriorityClass', 'priority class', 'kubectl get priorityclasses -o json');
    items.forEach((pc, i) => {
      if (typeof pc.value !== 'number' || !Number.isInteger(pc.value)) {
        throw new Error(`not a priority class list: item ${i} ('${pc.metadata?.name}') has no integer value`);
      }
    });
    return new ClusterInventory(this.nodes, this.pods, items);
  }

  /** `withPriorityClasses` for the text of `kubectl get priorityclasses -o json`: the entry point for Python, Java and Go. */
  public withPriorityClassesJson(text: string): ClusterInventory {
    return this.withPriorityClasses(oneDocument(text, 'priority classes', 'kubectl get priorityclasses -o json'));
  }

  /**
   * The DaemonSets (`namespace/name`) with a running pod.
   * @internal
   */
  public _daemonSetsWithPods(): string[] {
    this.podLoads ??= this.pods.map(podLoad);
    return [...new Set(this.podLoads.map(p => p.daemonSet).filter((d): d is string => d !== undefined))];
  }

  /**
   * What runs on each node, fresh (the preview adds the pods it places): node name to its load.
   * @internal
   */
  public _loads(): Map<string, NodeLoad> {
    const loads = new Map<string, NodeLoad>();
    for (const n of this.nodes) { loads.set(n.metadata.name, new NodeLoad(n.metadata.name, nodeCapacity(n))); }
    this.podLoads ??= this.pods.map(podLoad);
    this.podLoads.forEach((p, i) => loads.get(this.pods[i].spec.nodeName)?.add(p));
    return loads;
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
    return new ClusterInventory(this.nodes.map(n => (n.metadata.name === nodeName ? f(n) : n)), this.pods, this.priorityClasses);
  }
}

function describe(x: any): string {
  if (x === null || x === undefined) { return String(x); }
  if (Array.isArray(x)) { return 'an array'; }
  if (typeof x !== 'object') { return `a ${typeof x}`; }
  return x.kind ? `kind '${x.kind}'` : 'an object without kind';
}

/** The items of a List (or typed list) of `kind`, or of an array; a clear error for anything else. */
function listItems(json: any, kind: string, what: string, command: string): any[] {
  let items: any[];
  if (Array.isArray(json)) {
    items = json;
  } else if (json && typeof json === 'object' && (json.kind === 'List' || json.kind === `${kind}List`) && Array.isArray(json.items)) {
    items = json.items;
  } else {
    throw new Error(`not a ${what} list: expected the output of '${command}' (kind List or ${kind}List), got ${describe(json)}`);
  }
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item) || (item.kind !== undefined && item.kind !== kind)) {
      throw new Error(`not a ${what} list: item ${i} is ${describe(item)}, not a ${kind}`);
    }
    if (typeof item.metadata?.name !== 'string') { throw new Error(`not a ${what} list: item ${i} has no metadata.name`); }
  });
  return items;
}

function oneDocument(text: string, what: string, command: string): any {
  const docs = parseText(text, what);
  if (docs.length !== 1) { throw new Error(`expected one document (the output of '${command}'), found ${docs.length}`); }
  return docs[0];
}

/** A pod of `kubectl get pods -o json` as its node's load counts it. */
export function podLoad(p: any): PodLoad {
  const namespace = p.metadata?.namespace ?? 'default';
  const owner = (Array.isArray(p.metadata?.ownerReferences) ? p.metadata.ownerReferences : []).find((o: any) => o?.kind === 'DaemonSet' && o?.controller !== false);
  return {
    ref: `${namespace}/${p.metadata.name}`,
    requests: podRequests(p.spec),
    ports: podHostPorts(p.spec),
    priority: typeof p.spec?.priority === 'number' ? p.spec.priority : 0,
    start: startOf(p.status?.startTime),
    daemonSet: owner && typeof owner.name === 'string' ? `${namespace}/${owner.name}` : undefined,
  };
}

/** A start time in milliseconds; Infinity when absent or unreadable (the scheduler takes "now"). */
function startOf(t: unknown): number {
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? Infinity : ms;
}
