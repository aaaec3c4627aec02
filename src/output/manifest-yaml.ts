import * as path from 'path';
import { Yaml } from 'cdk8s';

/**
 * A YAML writer for Kubernetes manifests that writes the same bytes as cdk8s's `Yaml.stringify`
 * (the `yaml` package, YAML 1.1 schema, `lineWidth: 0`, `keepUndefined`), several times faster.
 *
 * It writes a document itself only when every value in it is in a subset whose rendering is certain:
 * maps, lists, `null`, booleans, safe integers, and strings (keys and values) that are plain in YAML
 * 1.1 and cannot be read back as anything but a string. Any document with anything else (a multi-line
 * config file, a string that needs quotes, a float, `undefined`) is handed whole to cdk8s's own
 * serializer, so the output never depends on this writer's idea of YAML. The tests compare the two on
 * every example, every snapshot and random documents built from YAML's awkward characters.
 */
export class ManifestYaml {
  /**
   * The YAML of a list of documents, separated by `---`, byte-identical to cdk8s's `Yaml.stringify(...docs)`.
   * @param docs the documents (JSON-like objects)
   */
  public static stringify(...docs: any[]): string {
    return docs.map(stringifyDocument).join('---\n');
  }

  /** How many documents the last calls wrote through cdk8s's serializer instead (for tests and benchmarks). */
  public static get fallbacks(): number {
    return fallbackCount;
  }

  private constructor() {}
}

let fallbackCount = 0;

/** Thrown inside the fast writer when a value is outside its subset; caught per document. */
const OUTSIDE = Symbol('outside the fast subset');

/** cdk8s's serializer, as it was before any DaemonsApp swapped it (see withManifestYaml). */
const cdk8sStringify: (...docs: any[]) => string = Yaml.stringify.bind(Yaml);

function stringifyDocument(doc: any): string {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    try {
      const out: string[] = [];
      if (writeMapBody(doc, '', out)) {
        return out.join('');
      }
    } catch (e) {
      if (e !== OUTSIDE) { throw e; }
    }
  }
  fallbackCount++;
  return cdk8sStringify(doc);
}

/**
 * Plain-scalar characters accepted by the fast writer. A plain scalar starts with a letter, a digit,
 * `_` or `/`, or with `-`/`--` and a letter (command-line flags); never with `.`, `+` or an indicator,
 * so it cannot be an alias, tag, anchor, document marker or `.inf`.
 */
const PLAIN = /^(?:[A-Za-z0-9_/]|--?[A-Za-z])[A-Za-z0-9_./:=,@+%*$()!&?[\]{}~^| -]*$/;
/** Inside a plain scalar these would end it or start a comment; the fast writer leaves them to the serializer. */
const PLAIN_BREAKERS = /: | #|:$| $/;
/** The serializer writes keys longer than this as explicit `? key` entries (yaml's stringifyPair: more than 1024 characters). */
const MAX_KEY = 1024;

/**
 * The tests by which cdk8s's own `yaml` (its YAML 1.1 schema) reads a plain scalar as something other
 * than a string: booleans (`yes`, `off`, `Y`), null, ints in four bases, floats (`e5` among them),
 * sexagesimals, timestamps. A string they match is never written plain: exactly the serializer's rule.
 */
let otherTypes: RegExp[] | undefined; // read on first use, so importing the library stays cheap
function otherTypeTests(): RegExp[] {
  if (!otherTypes) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
    otherTypes = new yaml.Document(null, { version: '1.1' }).schema.tags
      .filter((t: any) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
      .map((t: any) => t.test as RegExp);
  }
  return otherTypes!;
}

/** Only a scalar starting with one of these (after a sign) can match one of otherTypeTests(). */
const MAY_BE_OTHER_TYPE = /^-*[0-9eEyYnNtTfFoO]/;

function isPlain(s: string): boolean {
  return PLAIN.test(s) && !PLAIN_BREAKERS.test(s) && !readAsOtherType(s);
}

function readAsOtherType(s: string): boolean {
  return MAY_BE_OTHER_TYPE.test(s) && otherTypeTests().some(t => t.test(s));
}

/**
 * A string of plain characters that YAML 1.1 would read as another type (`1.25`, `yes`, `017`): the
 * serializer writes it double-quoted, and with these characters no escape is needed.
 */
function isQuotedOtherType(s: string): boolean {
  return PLAIN.test(s) && !PLAIN_BREAKERS.test(s) && readAsOtherType(s);
}

function key(k: string): string {
  if (k.length > MAX_KEY || !isPlain(k)) { throw OUTSIDE; }
  return k;
}

/** The rendering of a scalar, or undefined for a map or list. */
function scalar(v: any): string | undefined {
  switch (typeof v) {
    case 'string':
      if (v === '') { return '""'; } // hostPath type "", the serializer's rendering of an empty string
      if (isPlain(v)) { return v; }
      if (isQuotedOtherType(v)) { return `"${v}"`; } // a version label '1.25', a label value 'true'
      throw OUTSIDE;
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) { throw OUTSIDE; }
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) { return 'null'; }
      if (Array.isArray(v)) { return v.length === 0 ? '[]' : undefined; }
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) { throw OUTSIDE; }
      for (const _ in v) { return undefined; }
      return '{}';
    default:
      throw OUTSIDE; // undefined, bigint, functions, symbols
  }
}

/** Writes the entries of a non-empty map at `indent`; false when the map is empty. */
function writeMapBody(map: any, indent: string, out: string[], firstLineIndented = true): boolean {
  let first = true;
  for (const k of Object.keys(map)) {
    const v = map[k];
    out.push(first && !firstLineIndented ? '' : indent, key(k), ':');
    first = false;
    const s = scalar(v);
    if (s !== undefined) {
      out.push(' ', s, '\n');
    } else if (Array.isArray(v)) {
      out.push('\n');
      writeSeqBody(v, indent + '  ', out, true);
    } else {
      out.push('\n');
      writeMapBody(v, indent + '  ', out);
    }
  }
  return !first;
}

/** Writes the items of a non-empty list at `indent`. */
function writeSeqBody(seq: any[], indent: string, out: string[], firstLineIndented: boolean): void {
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i];
    out.push(i === 0 && !firstLineIndented ? '' : indent, '- ');
    const s = scalar(v);
    if (s !== undefined) {
      out.push(s, '\n');
    } else if (Array.isArray(v)) {
      writeSeqBody(v, indent + '  ', out, false);
    } else {
      writeMapBody(v, indent + '  ', out, false);
    }
  }
}

/**
 * Runs `fn` with cdk8s's `Yaml.stringify` (which `App.synth` and `App.synthYaml` call) replaced by
 * `ManifestYaml.stringify`, and puts the original back afterwards, whatever happens.
 */
export function withManifestYaml<T>(fn: () => T): T {
  const original = Yaml.stringify;
  if (original === manifestStringify) { return fn(); } // nested
  Yaml.stringify = manifestStringify;
  try {
    return fn();
  } finally {
    Yaml.stringify = original;
  }
}

const manifestStringify = (...docs: any[]) => ManifestYaml.stringify(...docs);
