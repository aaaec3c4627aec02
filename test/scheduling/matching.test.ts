/**
 * The scheduling primitives that preview, check and the variants' node split stand on, each tested
 * where a one-line slip would change an answer (found by mutation testing, issue 23): Kubernetes'
 * defaults for an absent or empty operator, operators it does not know, Gt/Lt with other than one
 * value, integer ranges bounded twice on one side, and the complement and conjunction of selections.
 */
import * as kplus from 'cdk8s-plus-27';
import { NodeSelectorRequirement as Req } from '../../src';
import { requirementMatches, toleratesTaint } from '../../src/scheduling/matching';
import { and, not } from '../../src/scheduling/node-selection';
import { podAffinityTermProblems } from '../../src/scheduling/pod-affinity-rules';
import { unsatisfiableReason } from '../../src/scheduling/satisfiability';

describe('toleratesTaint (v1helper ToleratesTaint)', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

  test('an absent operator is Equal, and so is the empty one: the values must match', () => {
    expect(toleratesTaint({ key: 'dedicated', value: 'gpu' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', value: 'cpu' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: '', value: 'gpu' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: '', value: 'cpu' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: '' }, { key: 'dedicated', effect: 'NoSchedule' })).toBe(true);
  });

  test('an operator Kubernetes does not know tolerates nothing, whatever the value', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Matches', value: 'gpu' }, taint)).toBe(false);
    expect(toleratesTaint({ operator: 'exists' }, taint)).toBe(false);
  });
});

describe('requirementMatches (labels.Requirement.Matches)', () => {
  test('Gt and Lt take exactly one value: with none or two they match no label', () => {
    for (const operator of ['Gt', 'Lt']) {
      expect(requirementMatches({ key: 'k', operator, values: [] }, '5')).toBe(false);
      expect(requirementMatches({ key: 'k', operator }, '5')).toBe(false);
      expect(requirementMatches({ key: 'k', operator, values: ['1', '9'] }, '5')).toBe(false);
    }
    expect(requirementMatches({ key: 'k', operator: 'Gt', values: ['1'] }, '5')).toBe(true);
    expect(requirementMatches({ key: 'k', operator: 'Lt', values: ['9'] }, '5')).toBe(true);
  });

  test('In without values matches nothing; an unknown operator matches nothing, a present label or an absent one', () => {
    expect(requirementMatches({ key: 'k', operator: 'In' }, 'Stryker was here')).toBe(false);
    expect(requirementMatches({ key: 'k', operator: 'Equals', values: ['a'] }, 'a')).toBe(false);
    expect(requirementMatches({ key: 'k', operator: 'Equals', values: ['a'] }, undefined)).toBe(false);
  });
});

describe('unsatisfiableReason: integer ranges bounded more than once on one side', () => {
  test.each<[string, Req[]]>([
    ['Gt 2 AND Gt 8 AND Lt 10: the larger lower bound counts (9 fits)', [Req.gt('k', 2), Req.gt('k', 8), Req.lt('k', 10)]],
    ['Gt 8 AND Gt 2', [Req.gt('k', 8), Req.gt('k', 2)]],
    ['Lt 9 AND Lt 3: the smaller upper bound counts', [Req.lt('k', 9), Req.lt('k', 3)]],
    ['Lt 3 AND Lt 9 AND NotIn [2]', [Req.lt('k', 3), Req.lt('k', 9), Req.notIn('k', ['2'])]],
  ])('%s: some node can match', (_title, requirements) => {
    expect(unsatisfiableReason(requirements)).toBeUndefined();
  });

  test('Gt 2 AND Gt 8 AND Lt 9: no integer left', () => {
    expect(unsatisfiableReason([Req.gt('k', 2), Req.gt('k', 8), Req.lt('k', 9)])).toBe('k Gt [2] AND k Gt [8] AND k Lt [9] can never all hold');
  });
});

describe('selections', () => {
  test('the complement of a node name is a field requirement on the node name, never a label requirement', () => {
    const complement = not([[Req.nodeNameIs('node-a')]]);
    expect(typeof complement).not.toBe('string');
    const [[r]] = complement as Req[][];
    expect(r.isField).toBe(true);
    expect(r.toString()).toBe('field metadata.name NotIn [node-a]');
    expect((not([[Req.nodeNameIsNot('node-a')]]) as Req[][])[0][0].toString()).toBe('field metadata.name In [node-a]');
  });

  test('a conjunction lists a requirement both sides have once', () => {
    const terms = and([[Req.linuxOnly()]], [[Req.linuxOnly(), Req.in('example.com/gpu', ['nvidia'])]]);
    expect(terms.map(t => t.map(r => r.toString()))).toEqual([['kubernetes.io/os In [linux]', 'example.com/gpu In [nvidia]']]);
  });
});

describe('podAffinityTermProblems', () => {
  test('In and NotIn without values: the fix names the operator that needs none', () => {
    const fixOf = (e: kplus.LabelExpression) => podAffinityTermProblems({ matchExpressions: [e], topology: kplus.Topology.HOSTNAME })
      .map(p => [p.problem, p.fix]);
    expect(fixOf(kplus.LabelExpression.in('tier', []))).toEqual([['In needs at least one value', 'list the values, or use LabelExpression.exists()']]);
    expect(fixOf(kplus.LabelExpression.notIn('tier', []))).toEqual([['NotIn needs at least one value', 'list the values, or use LabelExpression.doesNotExist()']]);
  });

  test('a term without topology (a JavaScript caller) gets the topology problem, not a TypeError', () => {
    const problems = podAffinityTermProblems({ matchLabels: { tier: 'infra' } } as any);
    expect(problems.map(p => [p.field, p.value])).toEqual([['topology', '']]);
  });
});
