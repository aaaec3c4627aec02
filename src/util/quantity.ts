/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number with an
 * optional binary-SI (Ki, Mi, ...), decimal-SI (n, u, m, k, M, ...) or exponent (e3) suffix.
 */

const QUANTITY = /^([+-]?)([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const MULTIPLIERS: { [suffix: string]: number } = {
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
  'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
};

/** The numeric value of a quantity, or undefined when the string is not a quantity. */
export function parseQuantity(value: string): number | undefined {
  const m = QUANTITY.exec(value);
  if (!m) { return undefined; }
  const sign = m[1] === '-' ? -1 : 1;
  const num = Number(m[2]);
  const suffix = m[4] ?? '';
  const mult = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  return sign * num * mult;
}
