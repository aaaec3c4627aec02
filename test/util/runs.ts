/**
 * Run counts of the property tests. The default run (`npx projen test`) checks a fifth of the cases
 * the deep run (`npx projen test:deep`, which CI runs) checks; both are seeded, so each run checks the
 * same cases every time, and the default run's cases are the first of the deep run's.
 */
export const DEEP = process.env.CDK8S_DAEMONS_DEEP === '1';

/** `deep` cases in the deep run, a fifth of them (at least 50) in the default run. */
export function runs(deep: number): number {
  return DEEP ? deep : Math.max(50, Math.round(deep / 5));
}
