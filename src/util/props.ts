import { valueError } from './errors';
import { PROP_KEYS } from './prop-keys.generated';

/** Options renamed in an earlier release: the old key, and its new name. */
const RENAMED: { readonly [iface: string]: { readonly [old: string]: string } } = {
  IngressPolicyOptions: { from: 'peers' },
};

/** A prop a caller must give. */
export interface RequiredProp {
  /** The prop's name. */
  readonly key: string;
  /** `typeof` of the value, or 'array'. */
  readonly type: 'string' | 'array' | 'object';
  /** An example value, as code, for the fix. */
  readonly example: string;
}

/**
 * Checks `props` as a jsii type check would for a caller without a type checker (JavaScript): an
 * object, no key that `iface` does not have (a misspelt or renamed option would otherwise be
 * silently ignored), and each required prop given with its type. Throws the library's one-line error.
 * `checkKeys: false` skips the unknown-key check (a subclass passes its own props on to its base).
 */
export function checkProps(where: string, iface: string, props: unknown, required: RequiredProp[] = [], checkKeys = true): void {
  const example = `{ ${required.map(r => `${r.key}: ${r.example}`).join(', ')} }`;
  if (props === undefined && !required.length) { return; }
  if (props === undefined || props === null) {
    throw valueError(where, 'props', props, `are missing, and ${iface} needs ${required.map(r => r.key).join(', ')}`, `pass props, e.g. ${example}`);
  }
  if (typeof props !== 'object' || Array.isArray(props)) {
    throw valueError(where, 'props', props, `must be an object of ${iface}`, required.length ? `pass props, e.g. ${example}` : 'pass an object, e.g. {}');
  }
  const known = PROP_KEYS[iface] ?? [];
  const values = props as { [key: string]: unknown };
  for (const key of checkKeys ? Object.keys(values) : []) {
    if (known.includes(key)) { continue; }
    const renamed = RENAMED[iface]?.[key];
    if (renamed) {
      throw valueError(where, key, values[key], `was renamed to '${renamed}'`, `write ${renamed}: instead of ${key}: (see CHANGELOG.md)`);
    }
    const near = nearest(key, known);
    throw valueError(where, key, values[key], `is not a prop of ${iface}, so it would be ignored`,
      near ? `did you mean '${near}'? (the props are listed in API.md)` : `use the props of ${iface} listed in API.md`);
  }
  for (const r of required) {
    const value = values[r.key];
    const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (value === undefined) {
      throw valueError(where, r.key, value, `is required by ${iface}`, `give it, e.g. ${r.key}: ${r.example}`);
    }
    if (type !== r.type) {
      throw valueError(where, r.key, value, `must be ${r.type === 'array' ? 'an array' : `a ${r.type}`}, not ${type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`}`, `give it, e.g. ${r.key}: ${r.example}`);
    }
  }
}

/** The known key closest to `key` (at most two edits away, or one holding the other), if any. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const [a, b] = [key.toLowerCase(), k.toLowerCase()];
    const d = a.startsWith(b) || b.startsWith(a) ? 1 : distance(a, b);
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
