import { IConstruct } from 'constructs';

/**
 * Renders a value for an error message: strings quoted, everything else as JSON.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') { return `'${value}'`; }
  if (value === undefined) { return 'undefined'; }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The one shape of every input error this library throws: where (construct path), which prop,
 * the bad value, what is wrong, and how to fix it.
 */
export function propError(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`[${scope.node.path}] ${prop} = ${show(value)}: ${problem}. Fix: ${fix}`);
}
