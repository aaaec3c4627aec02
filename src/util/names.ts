/**
 * Kubernetes name and label rules (k8s.io/apimachinery/pkg/util/validation, v1.27).
 * Each function returns a problem description, or undefined when the value is valid.
 */
import { isIP } from 'net';

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

/*
 * Image references, as the kubelet parses them (github.com/distribution/reference, ParseNormalizedNamed):
 *
 *   reference := name [ ':' tag ] [ '@' digest ]
 *   name      := [ domain '/' ] path-component [ '/' path-component ]*
 *   domain    := host [ ':' port ]    (the first component, when it contains '.' or ':' or is 'localhost')
 *
 * The patterns are those of the Go package, with its separator `[-]*` written `-+` (the same
 * language) so that JavaScript's backtracking engine stays linear on them.
 */
const IMAGE_PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const IMAGE_DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IMAGE_DOMAIN = new RegExp(`^(?:${IMAGE_DOMAIN_COMPONENT}(?:\\.${IMAGE_DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;
/** A bare image ID, which ParseNormalizedNamed refuses as a name. */
const IMAGE_IDENTIFIER = /^[a-f0-9]{64}$/;
/** Digest algorithms the kubelet verifies (github.com/opencontainers/go-digest), with their hex lengths. */
const DIGEST_HEX_LENGTHS: { [algorithm: string]: number } = { sha256: 64, sha384: 96, sha512: 128 };
/** The longest repository name, counted after normalization ('busybox' is 'docker.io/library/busybox'). */
const IMAGE_NAME_MAX = 255;

/** An image split at its '@' and at the ':' of its tag: name, tag (undefined without ':'), digest (undefined without '@'). */
function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const ref = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  // a tag's ':' comes after the last '/'; an earlier ':' is a registry port ('localhost:5000/app')
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) {
    return { name: ref.slice(0, colon), tag: ref.slice(colon + 1), digest };
  }
  return { name: ref, digest };
}

/** Whether the first component of a name is a registry host: it has a '.' or a ':' (port), or is 'localhost'. */
function isRegistryHost(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component);
}

/**
 * The problem with a container image reference, or undefined when the kubelet can parse it.
 * Follows the grammar of github.com/distribution/reference (`ReferenceRegexp`, `ParseNormalizedNamed`),
 * which the kubelet uses and which reports `InvalidImageName` otherwise: an optional registry host
 * (with a '.' or a ':port', or 'localhost'), a lowercase path, an optional `:tag` (at most 128 letters,
 * digits, '_', '.', '-', not starting with '.' or '-') and an optional `@digest` (sha256, sha384 or
 * sha512 in lowercase hex); the repository name, normalized as Docker Hub names are
 * ('busybox' is 'docker.io/library/busybox'), has at most 255 characters.
 *
 * One deliberate difference: the kubelet takes an uppercase first component without '.' or ':'
 * ('Prom/node-exporter') for a registry host named 'Prom' and then fails to pull from it; here it is
 * the uppercase repository path it almost certainly is.
 *
 * Problems read after "it", e.g. "has an uppercase repository path 'Prom/node-exporter'; ...".
 */
export function imageReferenceProblem(image: string): string | undefined {
  if (image.length === 0) { return 'is empty'; }
  if (/\s/.test(image)) { return 'contains whitespace'; }
  if (IMAGE_IDENTIFIER.test(image)) {
    return 'is a bare 64-hex-digit image ID, which the kubelet refuses as a repository name (pin it as <repository>@sha256:<id>)';
  }
  const { name, tag, digest } = splitImage(image);
  if (name.length === 0) {
    return `has no repository name before '${tag !== undefined ? ':' : '@'}'`;
  }

  // The registry host, if the first component is one.
  const slash = name.indexOf('/');
  const first = slash < 0 ? undefined : name.slice(0, slash);
  let domain: string | undefined;
  let path = name;
  if (first !== undefined && isRegistryHost(first)) {
    domain = first;
    path = name.slice(slash + 1);
    // a host that is no host but a valid path component ('my_registry.local') is, by the grammar, part of the path
    if (!IMAGE_DOMAIN.test(domain) && !IMAGE_PATH_COMPONENT.test(domain)) {
      return `has a registry host '${domain}' that is not a host name, IPv4 address or [IPv6] address with an optional ':port'`;
    }
    if (path.length === 0) { return `has no repository path after the registry host '${domain}'`; }
  }

  // The repository path: lowercase components separated by '/'.
  const components = path.split('/');
  if (components.some(c => c.length === 0)) {
    return `has an empty path component in '${path}' ('//', or a '/' at the start or end)`;
  }
  const invalid = components.find(c => !IMAGE_PATH_COMPONENT.test(c.toLowerCase()));
  if (invalid !== undefined) {
    return `has a path component '${invalid}' that must consist of lowercase letters and digits, separated by '.', '_', '__' or dashes, starting and ending with a letter or digit`;
  }
  if (path !== path.toLowerCase()) {
    const host = domain === undefined && first !== undefined && components[0] !== components[0].toLowerCase()
      ? ` (a registry host needs a '.' or a ':port', or must be 'localhost'; the kubelet would pull from a host named '${first}')`
      : '';
    return `has an uppercase repository path '${path}'; image repositories must be lowercase${host}`;
  }

  // The tag.
  if (tag !== undefined) {
    if (tag.length === 0) { return "has an empty tag after ':'"; }
    if (tag.length > 128) { return `has a tag of ${tag.length} characters; at most 128 are allowed`; }
    if (!IMAGE_TAG.test(tag)) {
      return `has a tag '${tag}' that must consist of letters, digits, '_', '.' and '-', not starting with '.' or '-'`;
    }
  }

  // The digest.
  if (digest !== undefined) {
    if (digest.length === 0) { return "has an empty digest after '@'"; }
    if (!IMAGE_DIGEST.test(digest)) {
      return `has a digest '${digest}' that is not <algorithm>:<hex digits>, e.g. sha256: and 64 hex digits`;
    }
    const [algorithm, hex] = digest.split(':');
    const length = DIGEST_HEX_LENGTHS[algorithm];
    if (length === undefined) {
      return `has a digest algorithm '${algorithm}' the kubelet does not support (sha256, sha384 or sha512)`;
    }
    if (hex.length !== length) { return `has a ${algorithm} digest of ${hex.length} hex digits; it must have ${length}`; }
    if (hex !== hex.toLowerCase()) { return `has a ${algorithm} digest with uppercase hex digits; they must be lowercase`; }
  }

  // The length of the repository name as the kubelet normalizes it.
  const normalizedDomain = domain === undefined || domain === 'index.docker.io' ? 'docker.io' : domain;
  const normalizedPath = normalizedDomain === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  const normalized = `${normalizedDomain}/${normalizedPath}`;
  if (normalized.length > IMAGE_NAME_MAX) {
    return `has a repository name of ${normalized.length} characters${normalized.length !== name.length ? ` (as '${normalizedDomain}/…')` : ''}; at most ${IMAGE_NAME_MAX} are allowed`;
  }
  return undefined;
}

/**
 * The tag of an image reference ('v1.6.1' of 'quay.io/prometheus/node-exporter:v1.6.1'), or undefined
 * when it has none ('busybox', 'localhost:5000/app', whose ':' is a registry port, or 'app@sha256:…').
 * The digest is ignored: 'app:1.0@sha256:…' has the tag '1.0'. Kubernetes defaults `imagePullPolicy`
 * to Always when the tag is 'latest', or when there is neither a tag nor a digest.
 */
export function imageTag(image: string): string | undefined {
  const { tag } = splitImage(image);
  return tag === '' ? undefined : tag;
}

/**
 * An IPv4 address in dotted decimal (each part 0 to 255, no leading zeros) or an IPv6 address, as
 * Go's net.ParseIP reads it (Kubernetes' IP fields, and node-exporter's listen address).
 */
export function ipAddressProblem(value: string): string | undefined {
  return isIP(value) !== 0 && !value.includes('%') ? undefined : 'is not an IPv4 or IPv6 address';
}

/**
 * The version an image tag names, for the `app.kubernetes.io/version` label: the tag when it is a
 * version (`v1.6.1`, `2.1.0`, `1.25-alpine`, `3.1.8-3.1.5-ubuntu20.04`: digits first, after an
 * optional `v`) and a valid label value; undefined for `latest`, other words, a digest alone, or no tag.
 */
export function versionOfImage(image: string): string | undefined {
  const { tag } = splitImage(image);
  if (tag === undefined || !/^v?[0-9]+(\.[0-9]+)*([-_.][0-9A-Za-z][-_.0-9A-Za-z]*)?$/.test(tag)) { return undefined; }
  return labelValueProblem(tag) ? undefined : tag;
}
