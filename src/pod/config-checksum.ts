import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The pod annotation that carries the checksum (the name Helm charts use). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** A ConfigMap or Secret a pod refers to by name. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  /** The prop that refers to it, for messages. */
  readonly source: string;
}

/** A referenced ConfigMap or Secret that the app defines, with the namespace it lands in. */
interface DefinedConfig {
  readonly id: string;
  readonly namespace: string | undefined;
  readonly object: ApiObject;
}

/** The app's ConfigMaps and Secrets that `refs` name, in any namespace. */
function definedConfigs(scope: IConstruct, refs: ConfigReference[]): DefinedConfig[] {
  const wanted = new Set(refs.map(r => `${r.kind}/${r.name}`));
  if (!wanted.size) { return []; }
  const found: DefinedConfig[] = [];
  for (const c of scope.node.root.node.findAll()) {
    if (!ApiObject.isApiObject(c) || (c.kind !== 'ConfigMap' && c.kind !== 'Secret')) { continue; }
    const id = `${c.kind}/${c.name}`;
    if (wanted.has(id)) { found.push({ id, namespace: c.metadata.namespace ?? Chart.of(c).namespace, object: c }); }
  }
  return found;
}

/**
 * The SHA-256 of the data of every referenced ConfigMap and Secret that the app itself defines (in
 * `namespace`), or undefined when it defines none of them. Deterministic: sorted references and keys.
 */
export function configChecksum(scope: IConstruct, namespace: string | undefined, refs: ConfigReference[]): string | undefined {
  const found = definedConfigs(scope, refs)
    .filter(d => d.namespace === namespace)
    .map(d => {
      const json = d.object.toJson();
      return { id: d.id, data: sortKeys({ data: json.data, binaryData: json.binaryData, stringData: json.stringData, immutable: json.immutable }) };
    });
  if (!found.length) { return undefined; }
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(found)).digest('hex');
}

/**
 * References the app defines only in other namespaces than the daemon's: a pod cannot use a
 * ConfigMap or Secret of another namespace, so such a pod would never start.
 */
export function configsInOtherNamespaces(
  scope: IConstruct,
  namespace: string | undefined,
  refs: ConfigReference[],
): Array<{ ref: ConfigReference; namespaces: string[] }> {
  const defined = definedConfigs(scope, refs);
  const out: Array<{ ref: ConfigReference; namespaces: string[] }> = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const id = `${ref.kind}/${ref.name}`;
    if (seen.has(id)) { continue; }
    seen.add(id);
    const same = defined.filter(d => d.id === id);
    if (same.length && !same.some(d => d.namespace === namespace)) {
      out.push({ ref, namespaces: [...new Set(same.map(d => d.namespace ?? '(none)'))].sort() });
    }
  }
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) { return value.map(sortKeys); }
  if (value && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const k of Object.keys(value).sort()) { out[k] = sortKeys((value as any)[k]); }
    return out;
  }
  return value;
}
