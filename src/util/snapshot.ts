/**
 * A frozen shallow copy of `value`: what the library keeps of a caller's object, and what it hands
 * out, so nobody changes what the library checked (writing to it throws in strict mode).
 */
export function snapshot<T extends object>(value: T): T {
  return Object.freeze(Array.isArray(value) ? [...value] as unknown as T : { ...value });
}

/** `snapshot` of each element of `list` (undefined for none). */
export function snapshots<T extends object>(list: readonly T[] | undefined): T[] {
  return (list ?? []).map(x => snapshot(x));
}
