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
  // namespace -> label key -> label value -> the DaemonSets whose pods carry that label (nested maps:
  // no key string is built per label, which cost more than the search itself at 2,000 DaemonSets)
  const byPair = new Map<string, Map<string, Map<string, SelectorEntry[]>>>();
  for (const e of entries) {
    let byKey = byPair.get(e.namespace);
    if (!byKey) { byKey = new Map(); byPair.set(e.namespace, byKey); }
    for (const k of Object.keys(e.podLabels)) {
      let byValue = byKey.get(k);
      if (!byValue) { byValue = new Map(); byKey.set(k, byValue); }
      const bucket = byValue.get(e.podLabels[k]);
      if (bucket) { bucket.push(e); } else { byValue.set(e.podLabels[k], [e]); }
    }
  }
  const out: SelectorOverlap[] = [];
  for (const a of entries) {
    const byKey = byPair.get(a.namespace);
    const keys = Object.keys(a.selector);
    // An empty selector (an API error of its own) has no pair, so no candidate. Every DaemonSet a
    // selector matches is in the bucket of each of its pairs: the rarest only makes the search short.
    let candidates: SelectorEntry[] | undefined;
    for (const k of keys) {
      const bucket = byKey?.get(k)?.get(a.selector[k]) ?? [];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: any bucket of a pair holds every match (the check below decides); the rarest is only the shortest to search
      if (!candidates || bucket.length < candidates.length) { candidates = bucket; }
    }
    for (const b of candidates ?? []) {
      if (b !== a && keys.every(k => b.podLabels[k] === a.selector[k])) { out.push({ selecting: a, selected: b }); }
    }
  }
  return out;
}
