import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppIndex } from '../app-index';

/**
 * What `compute` gives for `o`, computed once per app synth (DaemonsApp, or a cdk8s App the library
 * scoped), where no user code runs until the synth returns and the memo is dropped then: the JSON of
 * an object (read by the app-wide rules and the YAML alike), a daemon's own final checks (read by its
 * render guard and its validation). Outside such a synth, computed on every call.
 */
export function oncePerSynth<T>(o: IConstruct, compute: () => T): T {
  const memo = AppIndex.synthMemo(o);
  if (!memo) { return compute(); }
  if (!memo.has(o)) { memo.set(o, compute()); }
  return memo.get(o) as T;
}

/** A DaemonSet of the library: `KubeDaemonSet`, rendered once per app synth. */
export class DaemonSetObject extends k8s.KubeDaemonSet {
  public toJson(): any {
    return oncePerSynth(this, () => super.toJson());
  }
}

/** A Service of the library: `KubeService`, rendered once per app synth. */
export class ServiceObject extends k8s.KubeService {
  public toJson(): any {
    return oncePerSynth(this, () => super.toJson());
  }
}
