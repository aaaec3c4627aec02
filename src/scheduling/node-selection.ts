import { NodeSelectorOperator, NodeSelectorRequirement } from './node-affinity';
import { unsatisfiableReason } from './satisfiability';

/**
 * A node selection in disjunctive normal form: a node is selected when it meets every requirement
 * of at least one term (node affinity's required terms). `[[]]` selects every node, `[]` none.
 */
export type Dnf = NodeSelectorRequirement[][];

/** Every node. */
export const EVERY_NODE: Dnf = [[]];

/** The selection of a nodeSelector (every label must match) and required terms (at least one must hold). */
export function selectionOf(nodeSelector: { [key: string]: string }, terms: NodeSelectorRequirement[][] | undefined): Dnf {
  const pairs = Object.entries(nodeSelector).map(([k, v]) => NodeSelectorRequirement.in(k, [v]));
  return and([pairs], terms && terms.length ? terms : EVERY_NODE);
}

/** Both selections hold: the cross product of their terms, without terms no node can meet. */
export function and(a: Dnf, b: Dnf): Dnf {
  const out: Dnf = [];
  for (const x of a) {
    for (const y of b) {
      const term = dedupe([...x, ...y]);
      // Stryker disable next-line ConditionalExpression: keeps the DNF small; every reader drops a term no node can match
      if (!unsatisfiableReason(term)) { out.push(term); }
    }
  }
  return out;
}

/**
 * The exact complement of a selection, or a string naming the requirement that has none a node
 * selector can write (Gt and Lt: their complement also holds for labels that are not integers).
 */
export function not(selection: Dnf): Dnf | string {
  // NOT (t1 OR t2 ...) = NOT t1 AND NOT t2 ...; NOT (r1 AND r2 ...) = NOT r1 OR NOT r2 ...
  let out: Dnf = EVERY_NODE;
  for (const term of selection) {
    const alternatives: Dnf = [];
    for (const r of term) {
      const negated = negate(r);
      if (!negated) { return r.toString(); }
      alternatives.push([negated]);
    }
    out = and(out, alternatives);
  }
  return out;
}

/** Whether some node could meet both selections (some pair of terms can hold together). */
export function overlap(a: Dnf, b: Dnf): NodeSelectorRequirement[] | undefined {
  for (const x of a) {
    for (const y of b) {
      if (!unsatisfiableReason([...x, ...y])) { return [...x, ...y]; }
    }
  }
  return undefined;
}

function negate(r: NodeSelectorRequirement): NodeSelectorRequirement | undefined {
  if (r.isField) {
    const op = r.operator === NodeSelectorOperator.IN ? NodeSelectorOperator.NOT_IN : NodeSelectorOperator.IN;
    return NodeSelectorRequirement.field(r.key, op, r.values);
  }
  switch (r.operator) {
    case NodeSelectorOperator.IN: return NodeSelectorRequirement.notIn(r.key, r.values);
    case NodeSelectorOperator.NOT_IN: return NodeSelectorRequirement.in(r.key, r.values);
    case NodeSelectorOperator.EXISTS: return NodeSelectorRequirement.doesNotExist(r.key);
    case NodeSelectorOperator.DOES_NOT_EXIST: return NodeSelectorRequirement.exists(r.key);
    default: return undefined;
  }
}

function dedupe(term: NodeSelectorRequirement[]): NodeSelectorRequirement[] {
  const seen = new Set<string>();
  return term.filter(r => {
    const key = r.toString();
    if (seen.has(key)) { return false; }
    seen.add(key);
    return true;
  });
}
