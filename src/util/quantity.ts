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
  const exponent = /^[eE][+-]?[0-9]+$/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL_SI[suffix];
  return sign * Number(`${m[2]}e${exponent}`);
}
