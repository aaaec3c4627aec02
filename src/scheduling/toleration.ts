import { k8s } from 'cdk8s-plus-27';
import { toleratesTaint } from './matching';
import { Taint, TaintEffect } from './taint';
import { CONTROL_PLANE_KEY, MASTER_KEY } from './well-known';
import { labelValueProblem, qualifiedNameProblem } from '../util/names';

/** Options of a toleration. */
export interface TolerationOptions {
  /**
   * The effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * How long a running pod stays after a matching NoExecute taint appears; only with effect
   * NO_EXECUTE.
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
  /** Tolerates taints with this key and value (operator Equal). */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration(key, TolerationOperator.EQUAL, value, options);
  }

  /** Tolerates taints with this key, whatever their value (operator Exists). */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration(key, TolerationOperator.EXISTS, undefined, options);
  }

  /**
   * Tolerates every taint with this effect (operator Exists, no key), as the node-exporter chart
   * does by default with NoSchedule.
   */
  public static allWithEffect(effect: TaintEffect): Toleration {
    return new Toleration(undefined, TolerationOperator.EXISTS, undefined, { effect });
  }

  /** Tolerates every taint: the pod runs on every node, even ones being drained of NoExecute. */
  public static everything(): Toleration {
    return new Toleration(undefined, TolerationOperator.EXISTS, undefined, {});
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

  private constructor(key: string | undefined, operator: TolerationOperator, value: string | undefined, options: TolerationOptions) {
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

  /**
   * Problems the API server would find with this toleration, with the fix for each.
   * @internal
   */
  public _problems(): Array<{ problem: string; fix: string }> {
    const out: Array<{ problem: string; fix: string }> = [];
    if (this.key !== '') {
      const keyProblem = qualifiedNameProblem(this.key);
      if (keyProblem) { out.push({ problem: `key '${this.key}' ${keyProblem}`, fix: 'use the taint\'s key, e.g. \'node-role.kubernetes.io/control-plane\'' }); }
    } else if (this.operator !== TolerationOperator.EXISTS) {
      out.push({ problem: 'an empty key needs operator Exists', fix: 'use Toleration.allWithEffect() or Toleration.everything()' });
    }
    if (this.operator === TolerationOperator.EQUAL && this.value !== undefined) {
      const valueProblem = labelValueProblem(this.value);
      if (valueProblem) { out.push({ problem: `value '${this.value}' ${valueProblem}`, fix: 'use the taint\'s value' }); }
    }
    if (this.effect !== undefined && !Object.values(TaintEffect).includes(this.effect)) {
      out.push({ problem: `effect '${this.effect}' is not NoSchedule, PreferNoSchedule or NoExecute`, fix: 'use a TaintEffect member' });
    }
    if (this.tolerationSeconds !== undefined) {
      if (this.effect !== TaintEffect.NO_EXECUTE) {
        out.push({ problem: 'tolerationSeconds is only allowed with effect NoExecute (the API server rejects it otherwise)', fix: 'add effect: TaintEffect.NO_EXECUTE, or drop tolerationSeconds' });
      }
      if (!Number.isInteger(this.tolerationSeconds)) {
        out.push({ problem: `tolerationSeconds ${this.tolerationSeconds} must be an integer`, fix: 'give whole seconds' });
      }
    }
    return out;
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
