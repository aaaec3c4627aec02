/** A DaemonSet as the selector rule reads it. */
export interface SelectorEntry {
  /** Where it comes from, for messages (a construct path, or `file: DaemonSet/name`). */
  readonly source: string;
  /** Its namespace ('' for none). */
  readonly namespace: string;
  /** `spec.selector.matchLabels`. */
  readonly selector: { readonly [key: string]: string };
  /** `spec.template.metadata.labels`. */
  readonly podLabels: { readonly [key: string]: string };
}

/** A DaemonSet whose selector also selects the pods of another in its namespace. */
export interface SelectorOverlap {
  /** The DaemonSet whose selector reaches too far. */
  readonly selecting: SelectorEntry;
  /** The DaemonSet whose pods it selects. */
  readonly selected: SelectorEntry;
}

/**
 * Pairs of DaemonSets in one namespace where the first's selector matches the second's pod labels:
 * both controllers would claim those pods (Kubernetes' docs forbid overlapping selectors). Each
 * selector is looked up by its rarest label pair, so the cost stays linear in the number of
 * DaemonSets when selectors are specific, as they are in practice.
 */
export function selectorOverlaps(entries: SelectorEntry[]): SelectorOverlap[] {
  const byPair = new Map<string, SelectorEntry[]>();
  const key = (ns: string, k: string, v: string) => `${ns}\0${k}\0${v}`;
  for (const e of entries) {
    for (const [k, v] of Object.entries(e.podLabels)) {
      const bucket = byPair.get(key(e.namespace, k, v));
      if (bucket) { bucket.push(e); } else { byPair.set(key(e.namespace, k, v), [e]); }
    }
  }
  const out: SelectorOverlap[] = [];
  for (const a of entries) {
    const pairs = Object.entries(a.selector);
    // An empty selector (an API error of its own) has no pair, so no candidate. Every DaemonSet a
    // selector matches is in the bucket of each of its pairs: the rarest only makes the search short.
    let candidates: SelectorEntry[] | undefined;
    for (const [k, v] of pairs) {
      const bucket = byPair.get(key(a.namespace, k, v)) ?? [];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: any bucket of a pair holds every match (the check below decides); the rarest is only the shortest to search
      if (!candidates || bucket.length < candidates.length) { candidates = bucket; }
    }
    for (const b of candidates ?? []) {
      if (b !== a && pairs.every(([k, v]) => b.podLabels[k] === v)) { out.push({ selecting: a, selected: b }); }
    }
  }
  return out;
}
