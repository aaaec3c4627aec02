import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';

/** The pod annotation that carries the checksum (the name Helm charts use). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** A ConfigMap or Secret a pod refers to by name. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  /** The prop that refers to it, for messages. */
  readonly source: string;
}

/** A ConfigMap or Secret the app defines, with the namespace it lands in. */
export interface DefinedConfig {
  readonly object: ApiObject;
  readonly namespace?: string;
}

/** Finds the app's ConfigMaps or Secrets of a name, in any namespace (one index lookup). */
export interface ConfigLookup {
  configsNamed(kind: 'ConfigMap' | 'Secret', name: string): DefinedConfig[];
}

/**
 * The SHA-256 of the data of every referenced ConfigMap and Secret that the app itself defines (in
 * `namespace`), or undefined when it defines none of them. Deterministic: sorted references and keys.
 */
export function configChecksum(lookup: ConfigLookup, namespace: string | undefined, refs: ConfigReference[]): string | undefined {
  const seen = new Set<string>();
  const found = refs
    .filter(r => !seen.has(`${r.kind}/${r.name}`) && seen.add(`${r.kind}/${r.name}`))
    .flatMap(r => lookup.configsNamed(r.kind, r.name).filter(d => d.namespace === namespace).map(d => ({ id: `${r.kind}/${r.name}`, object: d.object })))
    .map(d => {
      const json = d.object.toJson();
      return { id: d.id, data: sortKeys({ data: json.data, binaryData: json.binaryData, stringData: json.stringData, immutable: json.immutable }) };
    });
  if (!found.length) { return undefined; }
  // Stryker disable next-line EqualityOperator: the ids are distinct (one object per kind, name and namespace), so a tie never happens
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(found)).digest('hex');
}

/**
 * References the app defines only in other namespaces than the daemon's: a pod cannot use a
 * ConfigMap or Secret of another namespace, so such a pod would never start.
 */
export function configsInOtherNamespaces(
  lookup: ConfigLookup,
  namespace: string | undefined,
  refs: ConfigReference[],
): Array<{ ref: ConfigReference; namespaces: string[] }> {
  const out: Array<{ ref: ConfigReference; namespaces: string[] }> = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const id = `${ref.kind}/${ref.name}`;
    if (seen.has(id)) { continue; }
    seen.add(id);
    const same = lookup.configsNamed(ref.kind, ref.name);
    if (same.length && !same.some(d => d.namespace === namespace)) {
      out.push({ ref, namespaces: [...new Set(same.map(d => d.namespace ?? '(none)'))].sort() });
    }
  }
  return out;
}

/** `value` with the keys of its objects sorted (a ConfigMap's or Secret's fields are maps of strings: no lists). */
function sortKeys(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const k of Object.keys(value).sort()) { out[k] = sortKeys((value as any)[k]); }
    return out;
  }
  return value;
}
