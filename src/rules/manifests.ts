/**
 * The yaml library, loaded on first use: an app that only synthesizes never parses YAML, and loading
 * it would be most of this package's own import time.
 */
export function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}

/**
 * Every Kubernetes object in `input`: YAML or JSON text (multi-document), a cdk8s Chart or App, an
 * object, or an array of them; `kind: List` objects are flattened. `source` names the input in errors.
 */
export function loadManifests(input: any, source = 'manifests'): any[] {
  if (typeof input === 'string') { return flatten(parseText(input, source)); }
  if (input && typeof input === 'object' && typeof input.synthYaml === 'function' && Array.isArray(input.charts)) {
    return flatten(parseText(input.synthYaml(), source)); // a cdk8s App
  }
  if (input && typeof input === 'object' && typeof input.toJson === 'function' && input.node) {
    return flatten(input.toJson()); // a cdk8s Chart
  }
  return flatten(Array.isArray(input) ? input : [input]);
}

/** Parses YAML (or JSON) text with one or more documents; throws naming the source and line. */
export function parseText(text: string, source: string): any[] {
  if (/\.json$/i.test(source)) {
    try {
      return [JSON.parse(text)];
    } catch (e: any) {
      throw new Error(`${source}: malformed JSON: ${e.message}`);
    }
  }
  // kubectl and cdk8s speak YAML 1.1 (`yes` is true, `0755` is octal).
  const docs = yamlLibrary().parseAllDocuments(text, { prettyErrors: true, version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: any[] = [];
  for (const doc of list) {
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line;
      // Stryker disable next-line Regex: the yaml library ends the line with ' at line L, column C:' (the ':' and '$' change nothing)
      const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new Error(`${source}${line ? `:${line}` : ''}: malformed YAML: ${message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) { out.push(value); }
  }
  return out;
}

function flatten(items: any[]): any[] {
  const out: any[] = [];
  for (const item of items) {
    if (item && typeof item === 'object' && !Array.isArray(item) && item.kind === 'List' && Array.isArray(item.items)) {
      out.push(...flatten(item.items));
    } else if (Array.isArray(item)) {
      out.push(...flatten(item));
    } else if (item !== null && item !== undefined) {
      out.push(item);
    }
  }
  return out;
}

/** Kinds without a namespace: two of them clash by name alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass',
  'CustomResourceDefinition', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ValidatingAdmissionPolicy',
]);

/** Whether objects of `kind` have no namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/**
 * What makes two objects the same object for the API server: API group (not version), kind,
 * namespace (none for cluster-scoped kinds) and name.
 */
export function objectIdentity(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}\0${kind}\0${isClusterScoped(kind) ? '' : namespace ?? ''}\0${name}`;
}
