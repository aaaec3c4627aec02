/**
 * The re-test of StrykerJS's static survivors (build-tools/static-mutants.ts) writes each mutant into
 * the source at the location the report gives (lines and columns from 1, end exclusive): a wrong
 * offset would run a different mutant, or none, and count it.
 */
import { applyMutant } from '../build-tools/static-mutants';

const at = (startLine: number, startColumn: number, endLine: number, endColumn: number) => ({
  start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn },
});

describe('applyMutant', () => {
  const source = 'const A = 1;\nconst RE = /^a+$/;\nexport const B = A > 0;\n';

  test('replaces exactly the located text, on the first line, a later line, and across lines', () => {
    expect(applyMutant(source, { location: at(1, 11, 1, 12), replacement: '2' })).toBe('const A = 2;\nconst RE = /^a+$/;\nexport const B = A > 0;\n');
    expect(applyMutant(source, { location: at(2, 12, 2, 18), replacement: '/a+$/' })).toBe('const A = 1;\nconst RE = /a+$/;\nexport const B = A > 0;\n');
    expect(applyMutant(source, { location: at(3, 18, 3, 23), replacement: 'A >= 0' })).toBe('const A = 1;\nconst RE = /^a+$/;\nexport const B = A >= 0;\n');
    expect(applyMutant(source, { location: at(1, 1, 2, 19), replacement: '' })).toBe('\nexport const B = A > 0;\n');
  });

  test('refuses a location outside the file, one that ends before it starts, and a mutant without replacement', () => {
    expect(() => applyMutant(source, { location: at(5, 1, 5, 2), replacement: 'x' })).toThrow('line 5 is outside the file (4 lines)');
    expect(() => applyMutant(source, { location: at(0, 1, 1, 2), replacement: 'x' })).toThrow('line 0 is outside the file');
    expect(() => applyMutant(source, { location: at(2, 5, 1, 2), replacement: 'x' })).toThrow('ends before it starts');
    expect(() => applyMutant(source, { location: at(1, 1, 1, 2) })).toThrow('no replacement');
  });
});
