import { ApiObject } from 'cdk8s';
import { IConstruct, IValidation } from 'constructs';
import { DaemonSetEntry, HostClash, hostClashes } from './preview/host-clashes';
import { SelectorOverlap, selectorOverlaps } from './preview/selector-overlaps';

/** Kinds without a namespace: two of them clash by name alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass',
  'CustomResourceDefinition', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ValidatingAdmissionPolicy',
]);

/** The part of the app-wide index a construct of this library contributes. */
export interface IIndexedConstruct extends IConstruct {
  /** DaemonSets it renders, as JSON entries for the host clash rules. */
  _daemonSetEntries(): DaemonSetEntry[];
  /** Node ports of its Services: `port/PROTOCOL` -> service path. */
  _nodePorts(): Array<{ readonly nodePort: number; readonly service: ApiObject }>;
}

/** An object as the index keys it. */
export interface IndexedObject {
  readonly object: ApiObject;
  readonly namespace?: string;
}

/** Marks the ApiObjects the library renders itself (the index reads their state from the models, not their JSON). */
const OWN_OBJECTS = new WeakSet<ApiObject>();
/** Constructs that contribute DaemonSets and Services. */
const INDEXED = Symbol.for('cdk8s-daemons.Indexed');
const INDEX = Symbol.for('cdk8s-daemons.AppIndex');
/** Set on an app's root while a DaemonsApp synthesizes it: the validation passes of one synth. */
const SYNTH = Symbol.for('cdk8s-daemons.Synth');

/**
 * Counts changes to the library's constructs (any app): an index built at one count no longer
 * describes the app once a daemon has changed.
 */
let revision = 0;

/** Records a change to a construct of the library (its checks must run again). */
export function noteChange(): void {
  revision++;
}

/**
 * A validation skipped when it already passed against the app's current index: the index is the same
 * object only while nothing in the app has changed (see AppIndex.fresh), so its result would be too.
 */
export function validOncePerIndex(scope: IConstruct, validate: () => string[]): IValidation {
  let validIn: AppIndex | undefined;
  return {
    validate: () => {
      const index = AppIndex.current(scope);
      if (index !== undefined && validIn === index) { return []; }
      const errors = validate();
      validIn = errors.length ? undefined : index;
      return errors;
    },
  };
}

/** Records that `object` is rendered by this library. */
export function markOwn(object: ApiObject): void {
  OWN_OBJECTS.add(object);
}

/** Marks a construct whose DaemonSets and Services the index reads through IIndexedConstruct. */
export function markIndexed(c: IIndexedConstruct): void {
  Object.defineProperty(c, INDEXED, { value: true });
}

/**
 * One index of the whole app per synth: objects by kind, namespace and name, the ConfigMaps and
 * Secrets, the Services' node ports and the DaemonSets' host ports and paths. Built by one walk
 * of the tree when the app is validated (the root's validation runs first), so every check that
 * needs the whole app is a lookup, and synthesis stays linear in the app's size.
 */
export class AppIndex {
  /**
   * Makes the app of `scope` build its index at the start of every validation (the root's
   * validations run first), so each synth has one fresh index for all its checks and rendering.
   * Called when a construct of the library is made.
   */
  public static register(scope: IConstruct): void {
    const root = scope.node.root as IConstruct & { [INDEX]?: AppIndex };
    if (INDEX in root) { return; }
    Object.defineProperty(root, INDEX, { value: undefined, writable: true });
    root.node.addValidation({ validate: () => { root[INDEX] = AppIndex.fresh(root, root[INDEX]); return []; } });
  }

  /**
   * The index of the current synth of the app `scope` belongs to. Outside a synth (before the
   * first, as when a getter is read while the app is being built) a fresh index, not kept.
   */
  public static of(scope: IConstruct): AppIndex {
    const root = scope.node.root as IConstruct & { [INDEX]?: AppIndex };
    return root[INDEX] ?? new AppIndex(root.node.findAll(), false);
  }

  /** The index of the synth under way (built by the app's validation), if there is one. */
  public static current(scope: IConstruct): AppIndex | undefined {
    return (scope.node.root as IConstruct & { [INDEX]?: AppIndex })[INDEX];
  }

  /** A fresh index of the app as it is now, for getters read while the app is still being built. */
  public static now(scope: IConstruct): AppIndex {
    return new AppIndex(scope.node.root.node.findAll(), false);
  }

  /**
   * Runs `fn`, a synth of the app of `root` (DaemonsApp's), telling the index that cdk8s's validation
   * passes until it returns belong to one synth.
   */
  public static withinSynth<T>(root: IConstruct, fn: () => T): T {
    const r = root as IConstruct & { [SYNTH]?: { index?: AppIndex } };
    if (r[SYNTH]) { return fn(); }
    Object.defineProperty(r, SYNTH, { value: {}, writable: true, configurable: true });
    try {
      return fn();
    } finally {
      delete r[SYNTH];
    }
  }

  /**
   * The index for a validation of the app: the previous one when the app is what it was then (the
   * same constructs, no change to the library's constructs, and the same DaemonSets and node ports of
   * Services made elsewhere), else a new one. cdk8s validates the whole app once per synth and again
   * for every chart it renders; reusing the index lets each daemon skip checks it passed against it,
   * so a synth of K charts costs one run of the checks, not K + 1.
   */
  private static fresh(root: IConstruct & { [SYNTH]?: { index?: AppIndex } }, previous: AppIndex | undefined): AppIndex {
    const synth = root[SYNTH];
    // Within one DaemonsApp synth no user code runs between cdk8s's validation passes: the index of
    // its first pass stands unless a construct of the library changed (no walk of the tree needed).
    if (synth?.index !== undefined && synth.index === previous && previous.revision === revision) { return previous; }
    const index = AppIndex.build(root, previous);
    if (synth) { synth.index = index; }
    return index;
  }

  private static build(root: IConstruct, previous: AppIndex | undefined): AppIndex {
    const constructs = root.node.findAll();
    if (previous && previous.revision === revision && sameList(previous.constructs, constructs)) {
      const candidate = new AppIndex(constructs, true);
      if (candidate.foreignSignature === previous.foreignSignature) { return previous; }
    }
    return new AppIndex(constructs, false);
  }

  private readonly objects = new Map<string, IndexedObject[]>();
  private readonly configs = new Map<string, IndexedObject[]>();
  private readonly nodePorts = new Map<number, ApiObject[]>();
  private readonly indexed: IIndexedConstruct[] = [];
  private readonly byNamespace = new Map<string, IConstruct[]>();
  private readonly foreignDaemonSets: DaemonSetEntry[] = [];
  private clashes?: Map<string, HostClash[]>;
  private overlaps?: Map<string, SelectorOverlap[]>;
  private entries?: DaemonSetEntry[];

  /** The library's change count when this index was built. */
  private readonly revision = revision;
  /** The node ports and DaemonSets of objects made elsewhere, as JSON: what the index reads from outside the library. */
  private readonly foreignSignature: string;

  /** With `foreignOnly`, reads only what `foreignSignature` needs (to compare with an earlier index). */
  private constructor(private readonly constructs: IConstruct[], foreignOnly: boolean) {
    const foreign: unknown[] = [];
    for (const c of constructs) {
      if (ApiObject.isApiObject(c)) {
        if (foreignOnly) {
          if (!OWN_OBJECTS.has(c) && (c.kind === 'Service' || c.kind === 'DaemonSet')) { foreign.push(this.foreignJson(c)); }
        } else {
          this.addObject(c, foreign);
        }
      } else if (foreignOnly) {
        continue;
      } else if (INDEXED in c) {
        this.indexed.push(c as unknown as IIndexedConstruct);
        const ns = (c as unknown as { namespace?: string }).namespace ?? '';
        push(this.byNamespace, ns, c);
      }
    }
    this.foreignSignature = JSON.stringify(foreign);
    for (const c of this.indexed) {
      for (const { nodePort, service } of c._nodePorts()) { this.addNodePort(nodePort, service); }
    }
  }

  /** The JSON of an object made elsewhere, or undefined when it cannot render (it reports its own error). */
  private foreignJson(o: ApiObject): any {
    try {
      return o.toJson();
    } catch {
      return undefined;
    }
  }

  private addObject(o: ApiObject, foreign: unknown[]): void {
    const namespace = CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata.namespace;
    const entry = { object: o, namespace };
    push(this.objects, objectKey(o.apiVersion, o.kind, namespace, o.name), entry);
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') { push(this.configs, `${o.kind}/${o.name}`, entry); }
    if (OWN_OBJECTS.has(o)) { return; }
    if (o.kind === 'Service' || o.kind === 'DaemonSet') {
      const json = this.foreignJson(o);
      foreign.push(json);
      if (json === undefined) { return; }
      if (o.kind === 'Service') {
        for (const p of json.spec?.ports ?? []) {
          if (typeof p?.nodePort === 'number') { this.addNodePort(p.nodePort, o); }
        }
      } else if (json.spec?.template?.spec) {
        this.foreignDaemonSets.push({
          source: o.node.path,
          ref: namespace ? `${namespace}/${o.name}` : o.name,
          namespace: namespace ?? '',
          selector: json.spec.selector?.matchLabels ?? {},
          podLabels: json.spec.template.metadata?.labels ?? {},
          podSpec: json.spec.template.spec,
        });
      }
    }
  }

  private addNodePort(nodePort: number, service: ApiObject): void {
    const list = this.nodePorts.get(nodePort) ?? [];
    if (!list.includes(service)) { list.push(service); }
    this.nodePorts.set(nodePort, list);
  }

  /** Other objects of the app with the same API group, kind, namespace and name as `o`. */
  public sameObjects(o: ApiObject): ApiObject[] {
    const namespace = CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata.namespace;
    return (this.objects.get(objectKey(o.apiVersion, o.kind, namespace, o.name)) ?? []).map(e => e.object).filter(x => x !== o);
  }

  /** The ConfigMaps or Secrets of this name, in any namespace. */
  public configsNamed(kind: 'ConfigMap' | 'Secret', name: string): IndexedObject[] {
    return this.configs.get(`${kind}/${name}`) ?? [];
  }

  /** Other Services that use `nodePort`. */
  public servicesWithNodePort(nodePort: number, except: ApiObject): ApiObject[] {
    return (this.nodePorts.get(nodePort) ?? []).filter(s => s !== except);
  }

  /** The daemons (and other indexed constructs) whose namespace is `namespace`. */
  public inNamespace(namespace: string): IConstruct[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Host port and host path clashes in which the DaemonSet from `source` (a construct path) takes part. */
  public hostClashesOf(source: string): HostClash[] {
    if (!this.clashes) {
      this.clashes = new Map();
      for (const clash of hostClashes(this.daemonSetEntries())) {
        push(this.clashes, clash.a.source, clash);
        push(this.clashes, clash.b.source, clash);
      }
    }
    return this.clashes.get(source) ?? [];
  }

  /** Selector overlaps in which the DaemonSet from `source` takes part, either way. */
  public selectorOverlapsOf(source: string): SelectorOverlap[] {
    if (!this.overlaps) {
      this.overlaps = new Map();
      for (const o of selectorOverlaps(this.daemonSetEntries())) {
        push(this.overlaps, o.selecting.source, o);
        if (o.selected.source !== o.selecting.source) { push(this.overlaps, o.selected.source, o); }
      }
    }
    return this.overlaps.get(source) ?? [];
  }

  private daemonSetEntries(): DaemonSetEntry[] {
    if (!this.entries) { this.entries = [...this.indexed.flatMap(c => c._daemonSetEntries()), ...this.foreignDaemonSets]; }
    return this.entries;
  }
}

function objectKey(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}\0${kind}\0${namespace ?? ''}\0${name}`;
}

function sameList<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) { return false; }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) { return false; }
  }
  return true;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { list.push(value); } else { map.set(key, [value]); }
}
