/**
 * Kubernetes name and label rules (k8s.io/apimachinery/pkg/util/validation, v1.27).
 * Each function returns a problem description, or undefined when the value is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IANA_SVC_NAME_CHARS = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

/** A DNS-1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) { return 'must not be empty'; }
  if (value.length > 63) { return `must be at most 63 characters (it has ${value.length})`; }
  if (!DNS1123_LABEL.test(value)) {
    return 'must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) { return 'must not be empty'; }
  if (value.length > 253) { return `must be at most 253 characters (it has ${value.length})`; }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A qualified name, as label keys, annotation keys and taint keys are: `[prefix/]name`. */
export function qualifiedNameProblem(value: string): string | undefined {
  if (value.length === 0) { return 'must not be empty'; }
  const parts = value.split('/');
  if (parts.length > 2) { return 'must be a qualified name with at most one \'/\' (an optional DNS subdomain prefix, then a name)'; }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    const p = dns1123SubdomainProblem(prefix);
    if (p) { return `has a prefix '${prefix}' that ${p}`; }
  }
  if (name.length === 0) { return 'must have a name part after the prefix'; }
  if (name.length > 63) { return `has a name part of ${name.length} characters; at most 63 are allowed`; }
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `has a name part '${name}' that must consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) { return `must be at most 63 characters (it has ${value.length})`; }
  if (!LABEL_VALUE.test(value)) {
    return 'must be empty or consist of letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** A port name (IANA_SVC_NAME): at most 15 lowercase letters, digits and '-', with a letter, no '--', no '-' at either end. */
export function portNameProblem(value: string): string | undefined {
  if (value.length === 0) { return 'must not be empty'; }
  if (value.length > 15) { return `must be at most 15 characters (it has ${value.length})`; }
  if (!IANA_SVC_NAME_CHARS.test(value)) { return 'must contain only lowercase letters, digits and \'-\''; }
  if (!HAS_LETTER.test(value)) { return 'must contain at least one letter'; }
  if (value.includes('--')) { return 'must not contain \'--\''; }
  if (value.startsWith('-') || value.endsWith('-')) { return 'must not begin or end with \'-\''; }
  return undefined;
}

/** An environment variable name (1.27: letters, digits, '_', '-', '.', not starting with a digit). */
export function envNameProblem(value: string): string | undefined {
  if (value.length === 0) { return 'must not be empty'; }
  if (!ENV_VAR_NAME.test(value)) {
    return 'must consist of letters, digits, \'_\', \'-\' or \'.\' and must not start with a digit';
  }
  return undefined;
}

/** Turns a construct id such as `NodeExporter` or `node_exporter` into `node-exporter`. */
export function kebabCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s.]+/g, '-')
    .toLowerCase();
}
