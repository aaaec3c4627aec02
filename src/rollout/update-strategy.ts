import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { INT32_MAX, isInt32 } from '../util/bounds';
import { valueError } from '../util/errors';

/** Options of a rolling update. Give at most one non-zero value: Kubernetes allows surge or unavailability, not both. */
export interface RollingUpdateOptions {
  /**
   * How many nodes may be without a ready daemon pod during the update (absolute or percent of the
   * nodes that run the daemon). The old pod is removed before its replacement starts.
   * @default - 1, or 0 when maxSurge is non-zero
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;

  /**
   * How many nodes may run an extra (new) pod beside the old one during the update, so the daemon
   * never stops on a node. Impossible with host ports or host network with declared ports: the new
   * pod could never bind the port the old one holds.
   * @default 0
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;
}

/** The DaemonSet update strategy types. */
export enum UpdateStrategyType {
  /** Replace pods node by node after the template changes. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when someone deletes it. */
  ON_DELETE = 'OnDelete',
}

/**
 * How a DaemonSet replaces its pods when the pod template changes.
 * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
 */
export class UpdateStrategy {
  /**
   * Replace pods node by node. By default one node at a time is without the daemon (maxUnavailable 1,
   * maxSurge 0, the apps/v1 defaults); asking only for surge writes maxUnavailable 0 for you.
   * @throws when a value is not a whole number from 0 or a whole percentage from 0% to 100%, or
   *   when both are zero or both non-zero (the API server rejects both)
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    // From JavaScript, null as no options
    if (options === null) { return UpdateStrategy.rollingUpdate({}); }
    // From JavaScript, a plain number or string where a PercentOrAbsolute belongs
    for (const field of ['maxUnavailable', 'maxSurge'] as const) {
      const given: unknown = options[field];
      if (given !== undefined && (given === null || typeof given !== 'object' || !('value' in (given as object)))) {
        throw valueError('UpdateStrategy.rollingUpdate', field, given, 'must be a kplus.PercentOrAbsolute, not a plain value',
          `write kplus.PercentOrAbsolute.absolute(${typeof given === 'number' ? given : 1}) or kplus.PercentOrAbsolute.percent(<0..100>)`);
      }
    }
    const surge = options.maxSurge ?? kplus.PercentOrAbsolute.absolute(0);
    const unavailable = options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(isZero(surge) ? 1 : 0);
    checkRollingUpdate(unavailable, surge);
    return new UpdateStrategy(UpdateStrategyType.ROLLING_UPDATE, unavailable, surge);
  }

  /**
   * Replace a pod only when it is deleted (`kubectl delete pod`, a node drain or replacement).
   * Changes to the template stay pending until then, and Argo CD reports the DaemonSet Healthy
   * while old pods still run, so plan how each node's pod gets deleted.
   */
  public static onDelete(): UpdateStrategy {
    return new UpdateStrategy(UpdateStrategyType.ON_DELETE, undefined, undefined);
  }

  /** The strategy type. */
  public readonly type: UpdateStrategyType;
  /** maxUnavailable, for a rolling update (defaults applied). */
  public readonly maxUnavailable?: kplus.PercentOrAbsolute;
  /** maxSurge, for a rolling update (defaults applied). */
  public readonly maxSurge?: kplus.PercentOrAbsolute;

  private constructor(type: UpdateStrategyType, maxUnavailable: kplus.PercentOrAbsolute | undefined, maxSurge: kplus.PercentOrAbsolute | undefined) {
    this.type = type;
    this.maxUnavailable = maxUnavailable;
    this.maxSurge = maxSurge;
  }

  /** Whether the update starts new pods beside old ones (maxSurge above zero). */
  public get surges(): boolean {
    return this.maxSurge !== undefined && !isZero(this.maxSurge);
  }

  /** `RollingUpdate maxUnavailable=1 maxSurge=0` or `OnDelete`, for messages. */
  public toString(): string {
    if (this.type === UpdateStrategyType.ON_DELETE) { return 'OnDelete'; }
    return `RollingUpdate maxUnavailable=${this.maxUnavailable!.value} maxSurge=${this.maxSurge!.value}`;
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetUpdateStrategy {
    if (this.type === UpdateStrategyType.ON_DELETE) { return { type: this.type }; }
    return {
      type: this.type,
      rollingUpdate: { maxUnavailable: toIntOrString(this.maxUnavailable!), maxSurge: toIntOrString(this.maxSurge!) },
    };
  }
}

/** A percentage as the API server reads one (IsValidPercent): digits and '%', nothing else ('1.0%', '-0%' and '+5%' are refused). */
const PERCENT = /^([0-9]+)%$/;

function isZero(v: kplus.PercentOrAbsolute): boolean {
  // Stryker disable next-line ConditionalExpression,Regex: a number other than 0 never reads as zeros and '%'; a value with more after the '%' is refused before (intOrPercentProblem)
  return v.value === 0 || (typeof v.value === 'string' && /^0+%$/.test(v.value));
}

/** A value of a rolling update that the API server refuses, and how to fix it. */
export interface RollingUpdateProblem {
  readonly field: 'maxUnavailable' | 'maxSurge';
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/**
 * What the API server's DaemonSet validation refuses in a rolling update (v1.27
 * ValidateRollingUpdateDaemonSet), with defaults applied: an int-or-percent out of range, or
 * maxUnavailable and maxSurge both zero or both non-zero. The first problem only: each later rule
 * assumes the values passed the earlier ones. `cdk8s-daemons check` reads YAML with it.
 */
export function rollingUpdateProblems(unavailable: kplus.PercentOrAbsolute, surge: kplus.PercentOrAbsolute): RollingUpdateProblem[] {
  for (const [field, v] of [['maxUnavailable', unavailable], ['maxSurge', surge]] as const) {
    const problem = intOrPercentProblem(v);
    if (problem) {
      return [{ field, value: v.value, problem, fix: `use PercentOrAbsolute.absolute(<whole number 0..${INT32_MAX}>) or PercentOrAbsolute.percent(<whole number 0..100>)` }];
    }
  }
  const unavailableZero = isZero(unavailable);
  const surgeZero = isZero(surge);
  if (unavailableZero && surgeZero) {
    // maxUnavailable was given: left out, it is 1 when maxSurge is zero
    return [{
      field: 'maxUnavailable',
      value: unavailable.value,
      problem: 'makes both maxUnavailable and maxSurge zero, so the rollout could never replace a pod (the API server rejects it)',
      fix: 'make exactly one of them non-zero, e.g. maxUnavailable: PercentOrAbsolute.absolute(1)',
    }];
  }
  if (!unavailableZero && !surgeZero) {
    return [{
      field: 'maxSurge',
      value: surge.value,
      problem: `cannot be non-zero together with maxUnavailable ${unavailable.value} (the API server rejects it: a DaemonSet either surges or removes first)`,
      fix: 'give only maxSurge (maxUnavailable 0 is written for you) or only maxUnavailable',
    }];
  }
  return [];
}

/** Throws the first of rollingUpdateProblems. */
function checkRollingUpdate(unavailable: kplus.PercentOrAbsolute, surge: kplus.PercentOrAbsolute): void {
  for (const p of rollingUpdateProblems(unavailable, surge)) {
    throw valueError('UpdateStrategy.rollingUpdate', p.field, p.value, p.problem, p.fix);
  }
}

function intOrPercentProblem(v: kplus.PercentOrAbsolute): string | undefined {
  if (typeof v.value === 'number') {
    return isInt32(v.value, 0) ? undefined : `must be a whole number from 0 to ${INT32_MAX}`;
  }
  const m = PERCENT.exec(String(v.value));
  if (!m || Number(m[1]) > 100) {
    return 'must be a whole percentage from 0% to 100% (digits and %, as the API server reads it)';
  }
  return undefined;
}

function toIntOrString(v: kplus.PercentOrAbsolute): k8s.IntOrString {
  // Stryker disable next-line ConditionalExpression: IntOrString holds the value as given either way, and both write the same JSON
  return typeof v.value === 'number' ? k8s.IntOrString.fromNumber(v.value) : k8s.IntOrString.fromString(v.value);
}
