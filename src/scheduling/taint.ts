import { CONTROL_PLANE_KEY, MASTER_KEY } from './well-known';
import { show, valueError } from '../util/errors';
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

  /** @throws when the key, value or effect is one the API server rejects on a node */
  constructor(props: TaintProps) {
    checkTaint(props);
    this.key = props.key;
    this.value = props.value ?? '';
    this.effect = props.effect;
  }

  /** `key=value:Effect`, as kubectl prints it. */
  public toString(): string {
    return `${this.key}${this.value ? `=${this.value}` : ''}:${this.effect}`;
  }
}

/** Throws the first problem the API server's node validation would find with this taint. */
function checkTaint(p: TaintProps): void {
  const where = 'Taint';
  const keyProblem = typeof p.key === 'string' ? qualifiedNameProblem(p.key) : 'must be a string';
  if (keyProblem) {
    throw valueError(where, 'key', p.key, `key ${show(p.key)} ${keyProblem}`,
      'use the key as `kubectl describe node` shows the taint, e.g. \'node-role.kubernetes.io/control-plane\'');
  }
  if (p.value !== undefined) {
    const valueProblem = typeof p.value === 'string' ? labelValueProblem(p.value) : 'must be a string';
    if (valueProblem) {
      throw valueError(where, 'value', p.value, `value ${show(p.value)} ${valueProblem}`,
        'use the value as `kubectl describe node` shows the taint, or leave value out for a taint without one');
    }
  }
  if (!Object.values(TaintEffect).includes(p.effect)) {
    throw valueError(where, 'effect', p.effect, 'must be NoSchedule, PreferNoSchedule or NoExecute', 'use a TaintEffect member, e.g. TaintEffect.NO_SCHEDULE');
  }
}
