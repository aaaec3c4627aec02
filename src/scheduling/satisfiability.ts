import { requirementMatches } from './matching';
import { NodeSelectorOperator, NodeSelectorRequirement } from './node-affinity';

/**
 * Why no node can satisfy all of `requirements` plus `nodeSelector` (label key -> required value),
 * or undefined when some node could. Field requirements on the node name are checked too.
 */
export function unsatisfiableReason(requirements: NodeSelectorRequirement[], nodeSelector: { [key: string]: string } = {}): string | undefined {
  const keyOf = (r: NodeSelectorRequirement) => `${r.isField ? 'field:' : ''}${r.key}`;
  const byKey = new Map<string, NodeSelectorRequirement[]>();
  for (const r of requirements) { byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]); }
  for (const [key, value] of Object.entries(nodeSelector)) {
    byKey.set(key, [...(byKey.get(key) ?? []), NodeSelectorRequirement.in(key, [value])]);
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
function keySatisfiable(reqs: NodeSelectorRequirement[], mayBeAbsent: boolean): boolean {
  const absentOk = mayBeAbsent && reqs.every(r => r.operator === NodeSelectorOperator.NOT_IN || r.operator === NodeSelectorOperator.DOES_NOT_EXIST);
  if (absentOk) { return true; }
  if (reqs.some(r => r.operator === NodeSelectorOperator.DOES_NOT_EXIST)) { return false; }
  const meets = (v: string) => reqs.every(r => requirementMatches(r, v));
  const ins = reqs.filter(r => r.operator === NodeSelectorOperator.IN);
  if (ins.length) { return ins[0].values.some(meets); }
  // No In: a value is free except for NotIn exclusions and an integer range from Gt/Lt.
  const bounds = reqs.filter(r => r.operator === NodeSelectorOperator.GT || r.operator === NodeSelectorOperator.LT);
  if (!bounds.length) { return true; }
  const low = Math.max(...bounds.filter(r => r.operator === NodeSelectorOperator.GT).map(r => Number(r.values[0])), -Infinity);
  const high = Math.min(...bounds.filter(r => r.operator === NodeSelectorOperator.LT).map(r => Number(r.values[0])), Infinity);
  const excluded = new Set(reqs.filter(r => r.operator === NodeSelectorOperator.NOT_IN).flatMap(r => r.values));
  // Try the integers just inside the range, skipping excluded ones (NotIn is finite).
  const start = Number.isFinite(low) ? low + 1 : (Number.isFinite(high) ? high - 1 - excluded.size : 0);
  for (let i = 0, v = start; i <= excluded.size; i++, v++) {
    if (meets(String(v))) { return true; }
  }
  return false;
}
