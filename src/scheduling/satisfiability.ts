import { RawRequirement, requirementMatches } from './matching';
import { NodeSelectorOperator, NodeSelectorRequirement } from './node-affinity';
import { parseInt64 } from '../util/bounds';

/** What the check reads of a requirement: a NodeSelectorRequirement, or a nodeSelector entry as In. */
interface Condition extends RawRequirement {
  readonly values: string[];
}

/**
 * Why no node can satisfy all of `requirements` plus `nodeSelector` (label key -> required value),
 * or undefined when some node could. Field requirements on the node name are checked too.
 * A nodeSelector entry need not be valid: it is only compared, never made into a requirement.
 */
export function unsatisfiableReason(requirements: NodeSelectorRequirement[], nodeSelector: { [key: string]: string } = {}): string | undefined {
  const keyOf = (r: NodeSelectorRequirement) => `${r.isField ? 'field:' : ''}${r.key}`;
  const byKey = new Map<string, Condition[]>();
  for (const r of requirements) { byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]); }
  for (const [key, value] of Object.entries(nodeSelector)) {
    byKey.set(key, [...(byKey.get(key) ?? []), { key, operator: NodeSelectorOperator.IN, values: [value] }]);
  }
  for (const [key, reqs] of byKey) {
    if (!keySatisfiable(reqs, !key.startsWith('field:'))) {
      const parts = requirements.filter(r => keyOf(r) === key).map(r => r.toString());
      if (nodeSelector[key] !== undefined) { parts.push(`nodeSelector ${key}=${nodeSelector[key]}`); }
      return `${parts.join(' AND ')} can never all hold`;
    }
  }
  return undefined;
}

/** Whether some node value (or, for labels, the label's absence) meets every requirement on one key. */
function keySatisfiable(reqs: Condition[], mayBeAbsent: boolean): boolean {
  const absentOk = mayBeAbsent && reqs.every(r => r.operator === NodeSelectorOperator.NOT_IN || r.operator === NodeSelectorOperator.DOES_NOT_EXIST);
  if (absentOk) { return true; }
  if (reqs.some(r => r.operator === NodeSelectorOperator.DOES_NOT_EXIST)) { return false; }
  const meets = (v: string) => reqs.every(r => requirementMatches(r, v));
  const ins = reqs.filter(r => r.operator === NodeSelectorOperator.IN);
  if (ins.length) { return ins[0].values.some(meets); }
  // No In: a value is free except for NotIn exclusions and an integer range from Gt/Lt, computed
  // exactly as int64 (bounds beyond 2^53 included).
  const boundsOf = (op: NodeSelectorOperator) => reqs.filter(r => r.operator === op).map(r => parseInt64(r.values[0] ?? ''));
  const lows = boundsOf(NodeSelectorOperator.GT);
  const highs = boundsOf(NodeSelectorOperator.LT);
  // Stryker disable next-line ConditionalExpression,BlockStatement: a short cut; the search below finds a free value too
  if (!lows.length && !highs.length) { return true; }
  // A bound that is not an int64 matches no label at all. (NodeSelectorRequirement refuses such a
  // bound when made, so no caller passes one: kept so that the BigInt arithmetic below never sees one.)
  // Stryker disable next-line all
  if ([...lows, ...highs].some(b => b === undefined)) { return false; }
  const low = lows.length ? (lows as bigint[]).reduce((a, b) => (b > a ? b : a)) : undefined;
  const high = highs.length ? (highs as bigint[]).reduce((a, b) => (b < a ? b : a)) : undefined;
  // Stryker disable next-line MethodExpression,ConditionalExpression: counting more values as excluded only lengthens the search
  const excluded = new Set(reqs.filter(r => r.operator === NodeSelectorOperator.NOT_IN).flatMap(r => r.values));
  // Try the integers just inside the range, skipping excluded ones (NotIn is finite).
  const start = low !== undefined ? low + 1n : (high !== undefined ? high - 1n - BigInt(excluded.size) : 0n);
  for (let i = 0, v = start; i <= excluded.size; i++, v++) {
    if (meets(String(v))) { return true; }
  }
  return false;
}
