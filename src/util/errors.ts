import { IConstruct } from 'constructs';

/**
 * Renders a value for an error message: strings quoted, numbers as JavaScript writes them (NaN and
 * Infinity included), everything else as JSON. Control characters, line separators and '\' in a
 * string are escaped (a newline shows as `\n`), so every message stays on one line and a value
 * reads back unambiguously.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') { return `'${escapeString(value)}'`; }
  if (typeof value === 'number' || typeof value === 'bigint') { return String(value); }
  if (value === undefined) { return 'undefined'; }
  try {
    // JSON escapes control characters in nested strings; it gives undefined for functions and symbols
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Escapes for `show`: JSON's short forms where it has one, `\uXXXX` otherwise. */
const SHORT_ESCAPES: { [char: string]: string } = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, '\', DEL, C1 controls (U+0085 is a line break in some terminals), U+2028 and U+2029
const NEEDS_ESCAPE = /[\u0000-\u001f\\\u007f-\u009f\u2028\u2029]/g;

function escapeString(s: string): string {
  return s.replace(NEEDS_ESCAPE, c => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The one shape of every input error this library throws:
 * `[<where>] <prop> = <value>: <problem>. Fix: <fix>`, where `where` is a construct path or, for a
 * value class, `<Class>.<factory>` (e.g. `Toleration.equal`).
 */
export function valueError(where: string, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`[${where}] ${prop} = ${show(value)}: ${problem}. Fix: ${fix}`);
}

/**
 * An input error of a construct: where (construct path), which prop, the bad value, what is wrong,
 * and how to fix it.
 */
export function propError(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): Error {
  return valueError(scope.node.path, prop, value, problem, fix);
}
