/**
 * Boundary tests in one line each (issue 23): for a limit the library enforces, the smallest and
 * largest accepted values and the first refused one on each side. `attempt` makes (and, where the
 * check runs at synth, synthesizes) what the value goes into.
 */
export interface Limit<T> {
  /** Values that must be accepted: the smallest and the largest, at least. */
  readonly accepted: T[];
  /** Values that must be refused: the first outside on each side. */
  readonly refused: T[];
  /** What the refusal says. */
  readonly error: RegExp;
}

/** The outcome of `attempt(v)` for each value: 'ok', or the error's message. */
function outcomes<T>(attempt: (v: T) => unknown, values: T[]): string[] {
  return values.map(v => {
    try {
      attempt(v);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  });
}

/** Checks both sides of a limit: every accepted value passes, every refused one throws `error`. */
export function expectLimit<T>(attempt: (v: T) => unknown, limit: Limit<T>): void {
  expect(outcomes(attempt, limit.accepted)).toEqual(limit.accepted.map(() => 'ok'));
  for (const [i, message] of outcomes(attempt, limit.refused).entries()) {
    expect({ value: limit.refused[i], message }).toEqual({ value: limit.refused[i], message: expect.stringMatching(limit.error) });
  }
}
