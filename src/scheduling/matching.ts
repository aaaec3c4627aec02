/**
 * Kubernetes' matching rules on plain API shapes, shared by the typed vocabulary (`Toleration.tolerates`)
 * and the placement preview, which reads anybody's YAML.
 */
import { parseInt64 } from '../util/bounds';

/** A toleration as the API writes it. */
export interface RawToleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** A taint as the API writes it. */
export interface RawTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** v1helper ToleratesTaint: effect (empty matches all), key (empty matches all), then Equal/Exists. */
export function toleratesTaint(t: RawToleration, taint: RawTaint): boolean {
  if (t.effect && t.effect !== taint.effect) { return false; }
  if (t.key && t.key !== taint.key) { return false; }
  // Stryker disable next-line StringLiteral: '' is Equal too
  switch (t.operator ?? 'Equal') {
    case 'Exists': return true;
    case 'Equal':
    case '': return (t.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

/** A node selector requirement as the API writes it. */
export interface RawRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/**
 * Whether a requirement holds for a label (or field) value, `undefined` meaning absent
 * (k8s.io/apimachinery labels.Requirement.Matches, as node affinity uses it).
 */
export function requirementMatches(r: RawRequirement, value: string | undefined): boolean {
  // Stryker disable next-line ArrayDeclaration: a label value has no spaces, so no label has the value Stryker puts in
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      // Both sides are parsed as int64 (strconv.ParseInt), so compare exactly, beyond 2^53 too.
      const label = value === undefined ? undefined : parseInt64(value);
      const bound = values.length === 1 ? parseInt64(values[0]) : undefined;
      if (label === undefined || bound === undefined) { return false; }
      return r.operator === 'Gt' ? label > bound : label < bound;
    }
    default: return false;
  }
}
