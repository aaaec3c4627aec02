import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { AppIndex } from '../app-index';

/**
 * What `compute` gives for `o`, computed once per app synth (DaemonsApp, or a cdk8s App the library
 * scoped), where no user code runs until the synth returns and the memo is dropped then: the JSON of
 * an object (read by the app-wide rules and the YAML alike), a daemon's own final checks (read by its
 * render guard and its validation). Outside such a synth, computed on every call. `key` (default `o`)
 * tells apart what is computed for something that is not a construct of its own, such as a Service's
 * checks (`o` is then the construct it belongs to).
 */
export function oncePerSynth<T>(o: IConstruct, compute: () => T, key: object = o): T {
  const memo = AppIndex.synthMemo(o);
  if (!memo) { return compute(); }
  if (!memo.has(key)) { memo.set(key, compute()); }
  return memo.get(key) as T;
}

/** An object's metadata, and the typed spec it renders when the app is synthesized (so later `add*` calls count). */
export interface LazySpecProps<Spec> {
  readonly metadata: ApiObjectMetadata;
  readonly spec: () => Spec;
}

/**
 * A DaemonSet of the library: a `KubeDaemonSet` whose spec is rendered, when the app is synthesized,
 * through the typed 1.27 classes and converted to JSON there by cdk8s-plus-27's own generated
 * converter (`toJson_DaemonSetSpec`), once. Its `toJson` is then `ApiObject`'s: resolve, sanitize,
 * apply the JSON patches. `KubeDaemonSet.toJson` would convert again after the patches, which drops a
 * patched value whose type does not match the model (an int-or-string given as a plain number, a
 * field the model lacks); here an escape hatch writes what it says, as on any `ApiObject`. Rendered
 * once per app synth.
 */
export class DaemonSetObject extends k8s.KubeDaemonSet {
  public constructor(scope: Construct, id: string, props: LazySpecProps<k8s.DaemonSetSpec>) {
    super(scope, id, { metadata: props.metadata, spec: Lazy.any({ produce: () => k8s.toJson_DaemonSetSpec(props.spec()) }) });
  }

  public toJson(): any {
    return oncePerSynth(this, () => ApiObject.prototype.toJson.call(this));
  }
}

/** A Service of the library: a `KubeService` whose spec is converted once, as `DaemonSetObject`'s; rendered once per app synth. */
export class ServiceObject extends k8s.KubeService {
  public constructor(scope: Construct, id: string, props: LazySpecProps<k8s.ServiceSpec>) {
    super(scope, id, { metadata: props.metadata, spec: Lazy.any({ produce: () => k8s.toJson_ServiceSpec(props.spec()) }) });
  }

  public toJson(): any {
    return oncePerSynth(this, () => ApiObject.prototype.toJson.call(this));
  }
}
