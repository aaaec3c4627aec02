import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppIndex } from '../app-index';

/**
 * The JSON of `o`, rendered once per app synth (DaemonsApp, or a cdk8s App the library scoped): the app-wide rules and the YAML read the same
 * render (no user code runs until the synth returns, and the memo is dropped then). Outside such a
 * synth, `render()` every time.
 */
function renderedOnce(o: IConstruct, render: () => any): any {
  const memo = AppIndex.synthMemo(o);
  if (!memo) { return render(); }
  if (!memo.has(o)) { memo.set(o, render()); }
  return memo.get(o);
}

/** A DaemonSet of the library: `KubeDaemonSet`, rendered once per app synth. */
export class DaemonSetObject extends k8s.KubeDaemonSet {
  public toJson(): any {
    return renderedOnce(this, () => super.toJson());
  }
}

/** A Service of the library: `KubeService`, rendered once per app synth. */
export class ServiceObject extends k8s.KubeService {
  public toJson(): any {
    return renderedOnce(this, () => super.toJson());
  }
}
