/**
 * Integer bounds of the Kubernetes API's int32 and int64 fields, for checks on JavaScript numbers
 * and on the decimal strings some fields take (node selector Gt/Lt values).
 */

/** The largest int32, the upper bound of int32 fields such as probe timings. */
export const INT32_MAX = 2147483647;
/** The smallest int32. */
export const INT32_MIN = -2147483648;

/** The bounds of int64 fields, exact. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Whether `n` is an integer from `min` to INT32_MAX (an int32 field, e.g. `periodSeconds`, with a floor). */
export function isInt32(n: number, min: number = INT32_MIN): boolean {
  return Number.isInteger(n) && n >= min && n <= INT32_MAX;
}

/**
 * Whether `n` is an integer from `min` that an int64 field holds exactly. A JavaScript number is
 * exact only up to 2^53 - 1 (Number.MAX_SAFE_INTEGER), far inside int64; above that `2 ** 63` and
 * `2 ** 63 - 1` are the same number, so only safe integers count: whoever needs more gives a
 * decimal string (see `parseInt64`).
 */
export function isInt64(n: number, min: number = Number.MIN_SAFE_INTEGER): boolean {
  return Number.isSafeInteger(n) && n >= min;
}

const DECIMAL_INTEGER = /^[+-]?[0-9]+$/;

/**
 * Go's `strconv.ParseInt(s, 10, 64)`: the exact int64 value of a decimal string (an optional sign,
 * then digits), or undefined when `s` is not one, out of range included.
 */
export function parseInt64(s: string): bigint | undefined {
  if (!DECIMAL_INTEGER.test(s)) { return undefined; }
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}
