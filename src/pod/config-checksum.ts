import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The pod annotation that carries the checksum (the name Helm charts use). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** A ConfigMap or Secret a pod refers to by name. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
}

/**
 * The SHA-256 of the data of every referenced ConfigMap and Secret that the app itself defines (in
 * `namespace`), or undefined when it defines none of them. Deterministic: sorted references and keys.
 */
export function configChecksum(scope: IConstruct, namespace: string | undefined, refs: ConfigReference[]): string | undefined {
  const wanted = new Set(refs.map(r => `${r.kind}/${r.name}`));
  if (!wanted.size) { return undefined; }
  const found: Array<{ id: string; data: unknown }> = [];
  for (const c of scope.node.root.node.findAll()) {
    if (!ApiObject.isApiObject(c) || (c.kind !== 'ConfigMap' && c.kind !== 'Secret')) { continue; }
    const id = `${c.kind}/${c.name}`;
    if (!wanted.has(id)) { continue; }
    const objNamespace = c.metadata.namespace ?? Chart.of(c).namespace;
    if (objNamespace !== namespace) { continue; }
    const json = c.toJson();
    found.push({ id, data: sortKeys({ data: json.data, binaryData: json.binaryData, stringData: json.stringData, immutable: json.immutable }) });
  }
  if (!found.length) { return undefined; }
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(found)).digest('hex');
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
