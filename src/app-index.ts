import { ApiObject } from 'cdk8s';
import { IConstruct, IValidation } from 'constructs';
import { withManifestYaml } from './output/manifest-yaml';
import { withOnePassPerSynth } from './output/one-pass';
import { DaemonSetEntry, HostClash, hostClashes } from './rules/host-clashes';
import { isClusterScoped, objectIdentity } from './rules/manifests';
import { SelectorOverlap, selectorOverlaps } from './rules/selector-overlaps';


/** An object as the index keys it. */
export interface IndexedObject {
  readonly object: ApiObject;
  readonly namespace?: string;
}

/**
 * This copy's index of the current validation pass, on the app's root. Each copy of the library in
 * one process (a monorepo, a construct library depending on this one) keeps its own under its own
 * symbol, so one copy never reads another's state: it reads the other's objects as JSON, as it reads
 * anybody's.
 */
const PASS = Symbol('cdk8s-daemons.AppIndex.pass');
/** On the root while an app synthesizes within a synth scope (a DaemonsApp, or an App whose synth methods a copy scoped): the validation passes of one synth. */
const SYNTH = Symbol.for('cdk8s-daemons.Synth');
/** This copy's index within the synth scope above. */
const SYNTH_INDEX = Symbol('cdk8s-daemons.AppIndex.synth');
/** This copy's memo of rendered specs within the synth scope above. */
const SYNTH_MEMO = Symbol('cdk8s-daemons.AppIndex.memo');

/** Marks the constructs whose namespace the index records (NodeDaemons), found by the walk. */
const INDEXED = Symbol.for('cdk8s-daemons.Indexed');

interface Pass { index?: AppIndex }
type Root = IConstruct & { [PASS]?: Pass; [SYNTH]?: { [SYNTH_INDEX]?: AppIndex; [SYNTH_MEMO]?: Map<object, unknown> } };

/**
 * A validation that runs once per app synth: cdk8s validates the app again for every chart it
 * renders, and within one synth scope (one index, no user code running) a construct found valid
 * stays valid. Anywhere else it runs every time it is asked.
 */
export function validOncePerSynth(scope: IConstruct, validate: () => string[]): IValidation {
  let validIn: AppIndex | undefined;
  // a construct's root never changes (constructs are never moved), and cdk8s asks once per chart
  let root: IConstruct | undefined;
  return {
    validate: () => {
      root ??= scope.node.root;
      const index = AppIndex.ofSynth(root);
      if (index !== undefined && validIn === index) { return []; }
      const errors = validate();
      validIn = errors.length ? undefined : index;
      return errors;
    },
  };
}

/** Marks a construct whose namespace the index records (see AppIndex.inNamespace). */
export function markIndexed(c: IConstruct): void {
  Object.defineProperty(c, INDEXED, { value: true });
}

/**
 * One index of the whole app, built from the manifests that will be written: every object's JSON
 * (escape hatches applied), read by the same rule functions `cdk8s-daemons check` runs on YAML. So a
 * host port added by JSON patch, an object of another copy of this library, or a plain `ApiObject`
 * counts exactly as it will be applied.
 *
 * Lifetime: the root's validation runs first in every validation pass cdk8s makes, and starts a new
 * pass; the index is built once, on first use, within the pass, and serves the rendering that follows.
 * Outside a synth (before the first), each use walks the app afresh. Inside a synth scope (the
 * `synth()` or `synthYaml()` of a `DaemonsApp`, or of a cdk8s `App` whose own two methods the library
 * scoped when its first construct was added: see scopeSynths), where the library knows where the
 * synth begins and ends, one index serves every pass of that synth. Nothing is kept from one synth to
 * the next, so no change made between two synths can be missed. `Chart.toJson()` (and so
 * `Testing.synth`) validates and renders per pass.
 */
export class AppIndex {
  /**
   * Makes the app of `scope` start a new pass at the start of every validation (the root's
   * validations run first), and scopes its synths (see scopeSynths). Called when a construct of the
   * library is made.
   */
  public static register(scope: IConstruct): void {
    const root = scope.node.root as Root;
    if (PASS in root) { return; }
    Object.defineProperty(root, PASS, { value: undefined, writable: true });
    root.node.addValidation({ validate: () => { root[PASS] = {}; return []; } });
    scopeSynths(root);
  }

  /**
   * The index of the validation pass under way (or of the last one, for the rendering that follows
   * it). Before the app's first validation, an index of the app as it is now.
   */
  public static of(scope: IConstruct): AppIndex {
    const root = scope.node.root as Root;
    const synth = root[SYNTH];
    if (synth) { return synth[SYNTH_INDEX] ??= new AppIndex(root.node.findAll()); }
    const pass = root[PASS];
    if (!pass) { return new AppIndex(root.node.findAll()); }
    return pass.index ??= new AppIndex(root.node.findAll());
  }

  /**
   * A memo for what is rendered once per synth, while the app synthesizes (DaemonsApp.synth, or App.synth of an app the library scoped) the app of `scope`
   * (no user code runs until it returns, and the memo is dropped then); undefined otherwise.
   */
  public static synthMemo(scope: IConstruct): Map<object, unknown> | undefined {
    const synth = (scope.node.root as Root)[SYNTH];
    return synth ? (synth[SYNTH_MEMO] ??= new Map()) : undefined;
  }

  /** The index of the synth under way on the app `root` (one per synth), or undefined outside a synth scope. */
  public static ofSynth(root: IConstruct): AppIndex | undefined {
    const synth = (root as Root)[SYNTH];
    return synth ? (synth[SYNTH_INDEX] ??= new AppIndex(root.node.findAll())) : undefined;
  }

  /** A fresh index of the app as it is now, never kept (for getters read while the app is being built). */
  public static now(scope: IConstruct): AppIndex {
    return new AppIndex(scope.node.root.node.findAll());
  }

  /**
   * Runs `fn`, a synth of the app `root` (DaemonsApp's, or a scoped App's): the validation passes until
   * it returns share one index, which is dropped when it returns, and its charts are rendered without
   * cdk8s's app-wide passes again (withOnePassPerSynth).
   */
  public static withinSynth<T>(root: IConstruct, fn: () => T): T {
    const r = root as Root;
    if (r[SYNTH]) { return fn(); }
    Object.defineProperty(r, SYNTH, { value: {}, writable: true, configurable: true });
    try {
      return withOnePassPerSynth(root, fn);
    } finally {
      delete r[SYNTH];
    }
  }

  private readonly objects = new Map<string, IndexedObject[]>();
  private readonly configs = new Map<string, IndexedObject[]>();
  private readonly nodePorts = new Map<number, ApiObject[]>();
  private readonly nodePortsByService = new Map<ApiObject, number[]>();
  private readonly byNamespace = new Map<string, IConstruct[]>();
  private readonly workloads: IndexedObject[] = [];
  /** The DaemonSets as written, rendered on first use (rendering a DaemonSet reads only the objects above). */
  private daemonSets?: DaemonSetEntry[];
  private clashes?: Map<string, HostClash[]>;
  private overlaps?: Map<string, SelectorOverlap[]>;

  private constructor(constructs: IConstruct[]) {
    for (const c of constructs) {
      if (ApiObject.isApiObject(c)) {
        this.addObject(c);
      } else if (INDEXED in c) {
        push(this.byNamespace, (c as unknown as { namespace?: string }).namespace ?? '', c);
      }
    }
  }

  private addObject(o: ApiObject): void {
    const namespace = isClusterScoped(o.kind) ? undefined : o.metadata.namespace;
    const entry = { object: o, namespace };
    push(this.objects, objectIdentity(o.apiVersion, o.kind, namespace, o.name), entry);
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') { push(this.configs, `${o.kind}/${o.name}`, entry); }
    if (o.kind === 'Service' || o.kind === 'DaemonSet') { this.workloads.push(entry); }
  }

  /**
   * The JSON of every DaemonSet and Service, as it will be written, for the host, node port and
   * selector rules: rendered once, on first use. A DaemonSet that renders meanwhile reads the index
   * for its ConfigMaps and Secrets only, which the walk has recorded.
   */
  private renderWorkloads(): DaemonSetEntry[] {
    if (this.daemonSets) { return this.daemonSets; }
    this.daemonSets = [];
    for (const { object: o, namespace } of this.workloads) {
      const json = renderOrUndefined(o);
      if (json === undefined) { continue; }
      if (o.kind === 'Service') {
        for (const p of json.spec?.ports ?? []) {
          if (typeof p?.nodePort === 'number') { this.addNodePort(p.nodePort, o); }
        }
      } else if (json.spec?.template?.spec) {
        this.daemonSets.push({
          source: sourceOf(o),
          ref: namespace ? `${namespace}/${o.name}` : o.name,
          namespace: namespace ?? '',
          selector: json.spec.selector?.matchLabels ?? {},
          podLabels: json.spec.template.metadata?.labels ?? {},
          podAnnotations: json.spec.template.metadata?.annotations,
          podSpec: json.spec.template.spec,
        });
      }
    }
    return this.daemonSets;
  }

  private addNodePort(nodePort: number, service: ApiObject): void {
    const list = this.nodePorts.get(nodePort) ?? [];
    if (list.includes(service)) { return; }
    list.push(service);
    this.nodePorts.set(nodePort, list);
    push(this.nodePortsByService, service, nodePort);
  }

  /** Other objects of the app with the same API group, kind, namespace and name as `o`. */
  public sameObjects(o: ApiObject): ApiObject[] {
    const namespace = isClusterScoped(o.kind) ? undefined : o.metadata.namespace;
    return (this.objects.get(objectIdentity(o.apiVersion, o.kind, namespace, o.name)) ?? []).map(e => e.object).filter(x => x !== o);
  }

  /** The ConfigMaps or Secrets of this name, in any namespace. */
  public configsNamed(kind: 'ConfigMap' | 'Secret', name: string): IndexedObject[] {
    return this.configs.get(`${kind}/${name}`) ?? [];
  }

  /** Node ports of `service` as it will be written. */
  public nodePortsOf(service: ApiObject): number[] {
    this.renderWorkloads();
    return [...this.nodePortsByService.get(service) ?? []].sort((a, b) => a - b);
  }

  /** Other Services that use `nodePort`. */
  public servicesWithNodePort(nodePort: number, except: ApiObject): ApiObject[] {
    this.renderWorkloads();
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
      for (const clash of hostClashes(this.renderWorkloads())) {
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
      for (const o of selectorOverlaps(this.renderWorkloads())) {
        push(this.overlaps, o.selecting.source, o);
        if (o.selected.source !== o.selecting.source) { push(this.overlaps, o.selected.source, o); }
      }
    }
    return this.overlaps.get(source) ?? [];
  }
}

/** On an app whose own synth methods this copy wrapped (see scopeSynths). */
const SCOPED = Symbol('cdk8s-daemons.AppIndex.scoped');

/**
 * Makes the synths of `root`, a cdk8s `App` (not a subclass that scopes its own, as DaemonsApp), one
 * synth scope each, as DaemonsApp's are: the app object's own `synth` and `synthYaml` (own properties
 * of that one object, never `App.prototype`) become wrappers that run the method the object had
 * within `AppIndex.withinSynth` and `withManifestYaml`. So a plain App renders each object of the
 * library once per synth, builds one index for the synth, renders each chart without cdk8s's app-wide
 * passes again (see withOnePassPerSynth: the synth made them before its first chart), instead of
 * walking the whole app once more per chart (quadratic in the number of charts), and writes its YAML
 * with ManifestYaml, as DaemonsApp does. Same method, same arguments, same bytes;
 * `Chart.toJson()` and `Testing.synth()`, which the wrapper does not see, validate and render per
 * pass as before.
 */
function scopeSynths(root: Root): void {
  const app = root as unknown as { synth?: unknown; synthYaml?: unknown; [SCOPED]?: boolean };
  if (app[SCOPED] || typeof app.synth !== 'function' || typeof app.synthYaml !== 'function') { return; }
  Object.defineProperty(app, SCOPED, { value: true });
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = app[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(app, method, {
      value: function scopedSynth(this: unknown, ...args: unknown[]) {
        return AppIndex.withinSynth(root, () => withManifestYaml(() => original.apply(this, args)));
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

/**
 * Where a DaemonSet comes from, for messages: the construct it is the default child of (a NodeDaemon
 * or one of its variants), else its own path.
 */
export function sourceOf(o: ApiObject): string {
  const scope = o.node.scope;
  return scope && scope.node.defaultChild === o ? scope.node.path : o.node.path;
}

/**
 * The JSON of `o`, or undefined when it cannot render: an object that cannot render is left out of
 * the index, and its error is reported by its own validation or by the synth that renders it.
 */
function renderOrUndefined(o: ApiObject): any {
  try {
    return o.toJson();
  } catch (e) {
    if (e instanceof RangeError) { throw e; } // a stack overflow is a bug to see, never a value to skip
    return undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { list.push(value); } else { map.set(key, [value]); }
}
