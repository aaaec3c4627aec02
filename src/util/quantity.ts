/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number with an
 * optional binary-SI (Ki, Mi, ...), decimal-SI (n, u, m, k, M, ...) or exponent (e3) suffix.
 */

const QUANTITY = /^([+-]?)([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const BINARY_SI: { [suffix: string]: number } = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Decimal suffixes as powers of ten. */
const DECIMAL_SI: { [suffix: string]: number } = {
  'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18,
};

/**
 * The numeric value of a quantity, or undefined when the string is not a quantity.
 * The result is the double nearest to the exact value (decimal suffixes are applied as an exponent
 * in the string, not by multiplying by an inexact 1e-3), so equal quantities in different units
 * ('700m' and '0.7') compare equal.
 */
export function parseQuantity(value: string): number | undefined {
  const m = QUANTITY.exec(value);
  if (!m) { return undefined; }
  const sign = m[1] === '-' ? -1 : 1;
  const suffix = m[4] ?? '';
  if (suffix in BINARY_SI) { return sign * Number(m[2]) * BINARY_SI[suffix]; }
  // 'E' alone is the exa suffix; 'e3' / 'E3' are exponents
  // Stryker disable next-line Regex: the suffix is one whole alternative of QUANTITY's, so the anchors change nothing
  const exponent = /^[eE][+-]?[0-9]+$/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL_SI[suffix];
  return sign * Number(`${m[2]}e${exponent}`);
}

/**
 * A quantity as an exact value: sign × mantissa × 10^exp10 × 2^exp2, with mantissa >= 0 and the
 * decimal point folded into exp10 ('1.5Gi' is 15 × 10^-1 × 2^30). exp10 is a BigInt so that
 * '1e99999999999999999999' stays exact.
 */
interface ExactQuantity {
  readonly sign: -1 | 0 | 1;
  readonly mantissa: bigint;
  readonly exp10: bigint;
  readonly exp2: number;
  /** Number of decimal digits of the mantissa (0 for zero). */
  readonly digits: number;
}

const BINARY_SI_EXP2: { [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function exactQuantity(value: string): ExactQuantity | undefined {
  const m = QUANTITY.exec(value);
  if (!m) { return undefined; }
  const [whole, fraction = ''] = m[2].split('.');
  const mantissa = BigInt(whole + fraction); // QUANTITY has a digit in the whole or the fraction
  const suffix = m[4] ?? '';
  let exp10 = BigInt(-fraction.length);
  let exp2 = 0;
  if (suffix in BINARY_SI_EXP2) {
    exp2 = BINARY_SI_EXP2[suffix];
    // Stryker disable next-line Regex: as in parseQuantity, the anchors change nothing
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    // 'E' alone is the exa suffix; 'e3' / 'E3' are exponents
    exp10 += BigInt(suffix.slice(1));
  } else {
    exp10 += BigInt(DECIMAL_SI[suffix]);
  }
  if (mantissa === BigInt(0)) { return { sign: 0, mantissa, exp10: BigInt(0), exp2: 0, digits: 0 }; }
  return { sign: m[1] === '-' ? -1 : 1, mantissa, exp10, exp2, digits: mantissa.toString().length };
}

/** floor(log10 |q|) lies in [magnitude, magnitude + 2): digits - 1 + exp10 + floor(exp2 × log10 2). */
function magnitude(q: ExactQuantity): bigint {
  return BigInt(q.digits - 1) + q.exp10 + BigInt(Math.floor(q.exp2 * Math.log10(2)));
}

/** Compares |a| and |b| exactly (both non-zero). */
function compareMagnitudes(a: ExactQuantity, b: ExactQuantity): number {
  // Far apart: decided by the order of magnitude, without building huge integers.
  const ma = magnitude(a);
  const mb = magnitude(b);
  // At a difference of exactly 2 the exact comparison below decides the same way.
  // Stryker disable next-line EqualityOperator
  if (ma - mb >= BigInt(2)) { return 1; }
  // Stryker disable next-line EqualityOperator
  if (mb - ma >= BigInt(2)) { return -1; }
  // Close: the exponent differences are bounded by the digit counts, so scaling to the common
  // exponents (min exp10, min exp2) stays small.
  // Stryker disable next-line EqualityOperator: at equal exponents either is the minimum
  const e10 = a.exp10 < b.exp10 ? a.exp10 : b.exp10;
  const e2 = Math.min(a.exp2, b.exp2);
  // Stryker disable next-line ArithmeticOperator: + would scale both sides by the same power of 2 (slower, same order)
  const scale = (q: ExactQuantity) => q.mantissa * BigInt(10) ** (q.exp10 - e10) * BigInt(2) ** BigInt(q.exp2 - e2);
  const x = scale(a);
  const y = scale(b);
  return x > y ? 1 : x < y ? -1 : 0;
}

/**
 * Compares two quantities exactly: -1 when a < b, 0 when they are the same amount, 1 when a > b;
 * undefined when either string is not a quantity. Unlike comparing `parseQuantity` doubles, every
 * digit counts ('9007199254740993' > '9007199254740992') and units mix freely ('700m' == '0.7',
 * '0.5Gi' == '512Mi', '1e3' == '1k').
 *
 * The comparison is of the written values; the API server additionally rounds non-zero values up
 * to a multiple of 1n (and caps binary-SI values at 2^63-1) before comparing, which only matters
 * below a nanounit or above 8Ei.
 */
export function compareQuantities(a: string, b: string): number | undefined {
  // The same few pairs ('64Mi' vs '128Mi') come up for every container of every daemon: remember them.
  const key = `${a}\0${b}`;
  if (COMPARED.has(key)) { return COMPARED.get(key); }
  const result = compareExactly(a, b);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: bounds the memo's memory; no result depends on it
  if (COMPARED.size > 10000) { COMPARED.clear(); }
  COMPARED.set(key, result);
  return result;
}

const COMPARED = new Map<string, number | undefined>();

function compareExactly(a: string, b: string): number | undefined {
  const qa = exactQuantity(a);
  const qb = exactQuantity(b);
  if (qa === undefined || qb === undefined) { return undefined; }
  // Stryker disable next-line EqualityOperator: the signs differ here, so >= is >
  if (qa.sign !== qb.sign) { return qa.sign > qb.sign ? 1 : -1; }
  // compareMagnitudes takes non-zero values (without this, zero against zero could give -0)
  // Stryker disable next-line ConditionalExpression,BlockStatement: -0 and 0 compare the same for every caller
  if (qa.sign === 0) { return 0; }
  const c = compareMagnitudes(qa, qb);
  return c === 0 ? 0 : qa.sign * c;
}

/** 10^30: above what int64 holds in any unit the scheduler uses; a larger quantity counts as this. */
const NANO_CAP = BigInt(10) ** BigInt(30);

/**
 * The quantity in nano-units, rounded up to a whole one, as the API server stores a quantity (it
 * rounds non-zero values up to a multiple of 1n): exact, so that sums of requests are exact, as
 * Kubernetes sums them before it converts. Undefined when the string is not a quantity; values
 * whose order of magnitude is surely above 10^30 nano-units (from 10^31 or 10^32: far beyond int64
 * in any unit) are 10^30, and below that they are exact.
 */
export function nanoUnits(value: string): bigint | undefined {
  const q = exactQuantity(value);
  if (q === undefined) { return undefined; }
  if (q.sign === 0) { return BigInt(0); }
  const m = magnitude(q) + BigInt(9);
  if (m > BigInt(30)) { return BigInt(q.sign) * NANO_CAP; }
  // A short cut for magnitudes below 1n (the exact path below gives the same, for an exponent as long
  // as the string allows): equivalent at the boundary and for the sign, which is 1 or -1 here.
  // Stryker disable next-line EqualityOperator,BlockStatement
  if (m < BigInt(-2)) { return q.sign > 0 ? BigInt(1) : BigInt(0); }
  let n = q.mantissa * BigInt(2) ** BigInt(q.exp2);
  const e = q.exp10 + BigInt(9);
  // Stryker disable next-line EqualityOperator: at e = 0 both branches leave n as it is
  if (e >= BigInt(0)) {
    n *= BigInt(10) ** e;
  } else {
    const d = BigInt(10) ** -e;
    // Stryker disable next-line EqualityOperator: the sign is 1 or -1 here
    n = q.sign > 0 ? (n + d - BigInt(1)) / d : n / d;
  }
  return BigInt(q.sign) * n;
}

/** `ceil(nano / 10^(9 - scale))` as a number: Kubernetes' `Value()` (scale 0) and `MilliValue()` (scale 3). */
export function fromNano(nano: bigint, scale: number): number {
  const d = BigInt(10) ** BigInt(9 - scale);
  // Stryker disable next-line EqualityOperator: both branches give 0 for 0
  const q = nano >= BigInt(0) ? (nano + d - BigInt(1)) / d : nano / d;
  return Number(q);
}
