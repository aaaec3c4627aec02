import { k8s } from 'cdk8s-plus-27';
import { toleratesTaint } from './matching';
import { Taint, TaintEffect } from './taint';
import { CONTROL_PLANE_KEY, MASTER_KEY } from './well-known';
import { isInt64 } from '../util/bounds';
import { show, valueError } from '../util/errors';
import { labelValueProblem, qualifiedNameProblem } from '../util/names';

/** Options of a toleration. */
export interface TolerationOptions {
  /**
   * The effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * How long a running pod stays after a matching NoExecute taint appears, in whole seconds; only
   * with effect NO_EXECUTE. Zero or negative evicts the pod at once.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** Toleration operators. */
export enum TolerationOperator {
  /** The taint's key and value must equal the toleration's. */
  EQUAL = 'Equal',
  /** Any value of the key (any key, when the key is empty). */
  EXISTS = 'Exists',
}

/**
 * A pod toleration. Matching follows Kubernetes: an empty effect matches every effect, an empty
 * key with Exists matches every key, Equal compares values.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export class Toleration {
  /**
   * Tolerates taints with this key and value (operator Equal).
   * @throws when the API server would reject the toleration (key, value, effect or tolerationSeconds)
   */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration('Toleration.equal', key, TolerationOperator.EQUAL, value, options);
  }

  /**
   * Tolerates taints with this key, whatever their value (operator Exists); the key '' tolerates
   * every key.
   * @throws when the API server would reject the toleration (key, effect or tolerationSeconds)
   */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration('Toleration.exists', key, TolerationOperator.EXISTS, undefined, options);
  }

  /**
   * Tolerates every taint with this effect (operator Exists, no key), as the node-exporter chart
   * does by default with NoSchedule.
   */
  public static allWithEffect(effect: TaintEffect): Toleration {
    return new Toleration('Toleration.allWithEffect', undefined, TolerationOperator.EXISTS, undefined, { effect });
  }

  /** Tolerates every taint: the pod runs on every node, even ones being drained of NoExecute. */
  public static everything(): Toleration {
    return new Toleration('Toleration.everything', undefined, TolerationOperator.EXISTS, undefined, {});
  }

  /**
   * Tolerations for control-plane nodes: `node-role.kubernetes.io/control-plane` and the legacy
   * `node-role.kubernetes.io/master`, both NoSchedule.
   */
  public static controlPlane(): Toleration[] {
    return [
      Toleration.exists(CONTROL_PLANE_KEY, { effect: TaintEffect.NO_SCHEDULE }),
      Toleration.exists(MASTER_KEY, { effect: TaintEffect.NO_SCHEDULE }),
    ];
  }

  /** The key ('' for every key). */
  public readonly key: string;
  /** The operator. */
  public readonly operator: TolerationOperator;
  /** The value (only with Equal). */
  public readonly value?: string;
  /** The effect (undefined for every effect). */
  public readonly effect?: TaintEffect;
  /** Seconds a pod stays after a NoExecute taint appears. */
  public readonly tolerationSeconds?: number;

  private constructor(where: string, key: string | undefined, operator: TolerationOperator, value: string | undefined, options: TolerationOptions) {
    checkToleration(where, key ?? '', operator, value, options);
    this.key = key ?? '';
    this.operator = operator;
    this.value = value;
    this.effect = options.effect;
    this.tolerationSeconds = options.tolerationSeconds;
  }

  /** Whether this toleration tolerates `taint`, by Kubernetes' rules (ToleratesTaint). */
  public tolerates(taint: Taint): boolean {
    return toleratesTaint(this, taint);
  }

  /** `key=value:Effect`-style description for messages. */
  public toString(): string {
    const key = this.key === '' ? '*' : this.key;
    const value = this.operator === TolerationOperator.EQUAL ? `=${this.value}` : '';
    const seconds = this.tolerationSeconds === undefined ? '' : ` for ${this.tolerationSeconds}s`;
    return `${key}${value}:${this.effect ?? '*'} (${this.operator})${seconds}`;
  }

  /** @internal */
  public _toKube(): k8s.Toleration {
    return {
      key: this.key === '' ? undefined : this.key,
      operator: this.operator,
      value: this.operator === TolerationOperator.EQUAL ? this.value : undefined,
      effect: this.effect,
      tolerationSeconds: this.tolerationSeconds,
    };
  }
}

/**
 * Throws the first problem the API server would find with a toleration (v1.27 validateTolerations),
 * naming the factory that made it.
 */
function checkToleration(where: string, key: string, operator: TolerationOperator, value: string | undefined, options: TolerationOptions): void {
  if (key !== '') {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) {
      throw valueError(where, 'key', key, `key ${show(key)} ${keyProblem}`, 'use the taint\'s key, e.g. \'node-role.kubernetes.io/control-plane\'');
    }
  } else if (operator !== TolerationOperator.EXISTS) {
    throw valueError(where, 'key', key, 'an empty key needs operator Exists', 'use Toleration.allWithEffect() or Toleration.everything()');
  }
  if (operator === TolerationOperator.EQUAL && value !== undefined) {
    const valueProblem = labelValueProblem(value);
    if (valueProblem) {
      throw valueError(where, 'value', value, `value ${show(value)} ${valueProblem}`, 'use the taint\'s value (\'\' for a taint without one)');
    }
  }
  const { effect, tolerationSeconds: seconds } = options;
  if (effect !== undefined && !Object.values(TaintEffect).includes(effect)) {
    throw valueError(where, 'effect', effect, 'is not NoSchedule, PreferNoSchedule or NoExecute', 'use a TaintEffect member, or leave effect out to tolerate every effect');
  }
  if (seconds !== undefined) {
    if (effect !== TaintEffect.NO_EXECUTE) {
      throw valueError(where, 'tolerationSeconds', seconds, 'is only allowed with effect NoExecute (the API server rejects it otherwise)',
        'add effect: TaintEffect.NO_EXECUTE, or drop tolerationSeconds');
    }
    // An int64; negative is allowed (the pod is evicted at once, as with 0). Beyond 2^53 a JavaScript
    // number is not exact, so only safe integers pass (2^53 seconds is over 285 million years).
    if (!isInt64(seconds)) {
      const problem = Number.isInteger(seconds)
        ? `is beyond ±${Number.MAX_SAFE_INTEGER}, where a JavaScript number no longer holds whole seconds exactly`
        : 'must be a whole number of seconds';
      throw valueError(where, 'tolerationSeconds', seconds, problem, 'give whole seconds, e.g. 300');
    }
  }
}
