import { CONTROL_PLANE_KEY, MASTER_KEY } from './well-known';
import { labelValueProblem, qualifiedNameProblem } from '../util/names';

/**
 * What a taint does to pods that do not tolerate it.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export enum TaintEffect {
  /** New pods are not scheduled on the node; running ones stay. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node; never blocks a pod. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** New pods are not scheduled and running ones are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** Props of a `Taint`. */
export interface TaintProps {
  /** The taint key, a qualified name such as `node-role.kubernetes.io/control-plane` or `VIPOnly`. */
  readonly key: string;

  /**
   * The taint value, a label value.
   * @default - no value
   */
  readonly value?: string;

  /** The effect. */
  readonly effect: TaintEffect;
}

/**
 * A node taint, as `kubectl taint nodes NODE key=value:Effect` sets it. Used to check tolerations
 * (`toleration.tolerates(taint)`) and, later, to preview placement.
 */
export class Taint {
  /** The control-plane taint kubeadm sets: `node-role.kubernetes.io/control-plane:NoSchedule`. */
  public static controlPlane(): Taint {
    return new Taint({ key: CONTROL_PLANE_KEY, effect: TaintEffect.NO_SCHEDULE });
  }

  /** The legacy control-plane taint of clusters before 1.24: `node-role.kubernetes.io/master:NoSchedule`. */
  public static legacyMaster(): Taint {
    return new Taint({ key: MASTER_KEY, effect: TaintEffect.NO_SCHEDULE });
  }

  /** The taint key. */
  public readonly key: string;
  /** The taint value ('' when none). */
  public readonly value: string;
  /** The effect. */
  public readonly effect: TaintEffect;

  constructor(props: TaintProps) {
    const problems = taintProblems(props);
    if (problems.length) {
      throw new Error(`Invalid taint ${show(props)}: ${problems.join('; ')}. Fix: use a qualified-name key, a label value and a TaintEffect, as \`kubectl describe node\` shows the taint`);
    }
    this.key = props.key;
    this.value = props.value ?? '';
    this.effect = props.effect;
  }

  /** `key=value:Effect`, as kubectl prints it. */
  public toString(): string {
    return `${this.key}${this.value ? `=${this.value}` : ''}:${this.effect}`;
  }
}

function show(p: TaintProps): string {
  return `'${p.key}${p.value ? `=${p.value}` : ''}:${p.effect}'`;
}

/** Problems with a taint, as the API server's node validation finds them. */
function taintProblems(p: TaintProps): string[] {
  const out: string[] = [];
  const keyProblem = qualifiedNameProblem(p.key);
  if (keyProblem) { out.push(`key '${p.key}' ${keyProblem}`); }
  if (p.value !== undefined) {
    const valueProblem = labelValueProblem(p.value);
    if (valueProblem) { out.push(`value '${p.value}' ${valueProblem}`); }
  }
  if (!Object.values(TaintEffect).includes(p.effect)) {
    out.push(`effect '${p.effect}' must be NoSchedule, PreferNoSchedule or NoExecute`);
  }
  return out;
}
