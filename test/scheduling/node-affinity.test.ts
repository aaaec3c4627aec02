import { create, daemonError, podSpec } from './helpers';
import { NodeAffinity, NodeSelectorOperator, NodeSelectorRequirement as Req, NodeSelectorTerm } from '../../src';

/** `spec.template.spec.affinity.nodeAffinity` of a daemon with this node affinity (and nodeSelector). */
const nodeAffinityOf = (nodeAffinity: NodeAffinity, nodeSelector?: { [key: string]: string }): any =>
  podSpec({ nodeAffinity, nodeSelector }).affinity.nodeAffinity;

/** The one required term's rendering for these requirements. */
const requiredTerm = (...requirements: Req[]): any =>
  nodeAffinityOf({ required: [NodeSelectorTerm.of(...requirements)] }).requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0];

describe('operators render as the API writes them', () => {
  test('In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    expect(requiredTerm(
      Req.in('disktype', ['ssd', 'nvme']),
      Req.notIn('example.com/pool', ['spot']),
      Req.exists('example.com/gpu'),
      Req.doesNotExist('example.com/maintenance'),
      Req.gt('example.com/cores', 8),
      Req.lt('example.com/generation', 5),
    )).toEqual({
      matchExpressions: [
        { key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] },
        { key: 'example.com/pool', operator: 'NotIn', values: ['spot'] },
        { key: 'example.com/gpu', operator: 'Exists' },
        { key: 'example.com/maintenance', operator: 'DoesNotExist' },
        { key: 'example.com/cores', operator: 'Gt', values: ['8'] },
        { key: 'example.com/generation', operator: 'Lt', values: ['5'] },
      ],
    });
  });

  test('Gt and Lt write negative integers as strings', () => {
    expect(requiredTerm(Req.gt('example.com/offset', -3)).matchExpressions).toEqual([
      { key: 'example.com/offset', operator: 'Gt', values: ['-3'] },
    ]);
  });

  test('custom() renders any valid requirement', () => {
    expect(requiredTerm(Req.custom('example.com/rack', NodeSelectorOperator.IN, ['r1']), Req.custom('example.com/old', NodeSelectorOperator.DOES_NOT_EXIST)).matchExpressions).toEqual([
      { key: 'example.com/rack', operator: 'In', values: ['r1'] },
      { key: 'example.com/old', operator: 'DoesNotExist' },
    ]);
  });

  test('the values are copied: changing the array later changes nothing', () => {
    // GIVEN
    const values = ['ssd'];
    const req = Req.in('disktype', values);

    // WHEN
    values.push('hdd');

    // THEN
    expect(requiredTerm(req).matchExpressions[0].values).toEqual(['ssd']);
  });

  test('NodeSelectorOperator members are the Kubernetes strings', () => {
    expect(Object.values(NodeSelectorOperator)).toEqual(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
  });
});

describe('matchFields', () => {
  test('nodeNameIs and nodeNameIsNot render under matchFields on metadata.name, label requirements under matchExpressions', () => {
    expect(requiredTerm(Req.linuxOnly(), Req.nodeNameIs('node1'), Req.nodeNameIsNot('node2'))).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }],
      matchFields: [
        { key: 'metadata.name', operator: 'In', values: ['node1'] },
        { key: 'metadata.name', operator: 'NotIn', values: ['node2'] },
      ],
    });
  });

  test('a term of field requirements only has no matchExpressions', () => {
    expect(requiredTerm(Req.field('metadata.name', NodeSelectorOperator.IN, ['ip-10-0-1-17.ec2.internal']))).toEqual({
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['ip-10-0-1-17.ec2.internal'] }],
    });
  });

  test('isField tells the two apart', () => {
    expect(Req.nodeNameIs('node1').isField).toBe(true);
    expect(Req.hostname('node1').isField).toBe(false);
    expect(Req.nodeNameIs('node1').toString()).toBe('field metadata.name In [node1]');
    expect(Req.hostname('node1').toString()).toBe('kubernetes.io/hostname In [node1]');
  });
});

describe('presets', () => {
  test.each<[string, Req, any]>([
    ['linuxOnly', Req.linuxOnly(), { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }],
    ['architecture', Req.architecture('amd64', 'arm64'), { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }],
    ['hostname', Req.hostname('node1'), { key: 'kubernetes.io/hostname', operator: 'In', values: ['node1'] }],
    ['notFargate', Req.notFargate(), { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] }],
    ['notVirtualKubelet', Req.notVirtualKubelet(), { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] }],
  ])('%s', (_title, req, expected) => {
    expect(req.isField).toBe(false);
    expect(requiredTerm(req)).toEqual({ matchExpressions: [expected] });
  });

  test('the presets combine in one term (all must hold)', () => {
    expect(requiredTerm(Req.linuxOnly(), Req.architecture('arm64'), Req.notFargate(), Req.notVirtualKubelet()).matchExpressions).toHaveLength(4);
  });

  test('architecture() with no architecture is refused (In needs a value)', () => {
    expect(create({ nodeAffinity: { required: [NodeSelectorTerm.of(Req.architecture())] } }))
      .toThrow(daemonError('nodeAffinity.required[0].requirements[0]', '\'kubernetes.io/arch In\'', 'In needs at least one value'));
  });
});

describe('terms: ORed, requirements inside a term ANDed', () => {
  test('several required terms are several nodeSelectorTerms; requirements of a term share its matchExpressions', () => {
    // WHEN
    const affinity = nodeAffinityOf({
      required: [
        NodeSelectorTerm.of(Req.in('disktype', ['ssd']), Req.linuxOnly()),
        NodeSelectorTerm.of(Req.hostname('node1')),
      ],
    });

    // THEN
    expect(affinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node1'] }] },
        ],
      },
    });
  });

  test('preferred terms render with their weight under preference', () => {
    expect(nodeAffinityOf({
      preferred: [
        { weight: 1, term: NodeSelectorTerm.of(Req.in('disktype', ['ssd'])) },
        { weight: 100, term: NodeSelectorTerm.of(Req.exists('example.com/gpu'), Req.notIn('example.com/pool', ['spot'])) },
      ],
    })).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 1, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
        { weight: 100, preference: { matchExpressions: [{ key: 'example.com/gpu', operator: 'Exists' }, { key: 'example.com/pool', operator: 'NotIn', values: ['spot'] }] } },
      ],
    });
  });

  test('NodeSelectorTerm.toString joins requirements with AND', () => {
    expect(NodeSelectorTerm.of(Req.in('a', ['x', 'y']), Req.exists('b')).toString()).toBe('a In [x, y] AND b Exists');
  });

  test('no node affinity: no affinity field', () => {
    expect(podSpec()).not.toHaveProperty('affinity');
    expect(podSpec({ nodeAffinity: {} })).not.toHaveProperty('affinity');
    expect(podSpec({ nodeAffinity: { required: [], preferred: [] } })).not.toHaveProperty('affinity');
  });
});

describe('terms that can never hold are refused', () => {
  const required = (...requirements: Req[]) => create({ nodeAffinity: { required: [NodeSelectorTerm.of(...requirements)] } });
  const deadTerm = (value: string, parts: string) =>
    daemonError('nodeAffinity.required[0]', value, `no node can match this term: ${parts} can never all hold`);

  test.each<[string, Req[], string, string]>([
    ['In [a] AND NotIn [a]', [Req.in('k', ['a']), Req.notIn('k', ['a'])], '\'k In [a] AND k NotIn [a]\'', 'k In [a] AND k NotIn [a]'],
    ['Exists AND DoesNotExist', [Req.exists('k'), Req.doesNotExist('k')], '\'k Exists AND k DoesNotExist\'', 'k Exists AND k DoesNotExist'],
    ['Gt 8 AND Lt 4', [Req.gt('k', 8), Req.lt('k', 4)], '\'k Gt [8] AND k Lt [4]\'', 'k Gt [8] AND k Lt [4]'],
    ['Gt 4 AND Lt 5 (no integer in between)', [Req.gt('k', 4), Req.lt('k', 5)], '\'k Gt [4] AND k Lt [5]\'', 'k Gt [4] AND k Lt [5]'],
    ['Gt 4 AND Lt 6 AND NotIn [5]', [Req.gt('k', 4), Req.lt('k', 6), Req.notIn('k', ['5'])], '\'k Gt [4] AND k Lt [6] AND k NotIn [5]\'', 'k Gt [4] AND k Lt [6] AND k NotIn [5]'],
    ['In [a, b] AND In [c]', [Req.in('k', ['a', 'b']), Req.in('k', ['c'])], '\'k In [a, b] AND k In [c]\'', 'k In [a, b] AND k In [c]'],
    ['In [3] AND Gt 4', [Req.in('k', ['3']), Req.gt('k', 4)], '\'k In [3] AND k Gt [4]\'', 'k In [3] AND k Gt [4]'],
    ['DoesNotExist AND Gt 1 (Gt needs the label)', [Req.doesNotExist('k'), Req.gt('k', 1)], '\'k DoesNotExist AND k Gt [1]\'', 'k DoesNotExist AND k Gt [1]'],
    ['nodeNameIs a AND nodeNameIsNot a', [Req.nodeNameIs('a'), Req.nodeNameIsNot('a')], '\'field metadata.name In [a] AND field metadata.name NotIn [a]\'',
      'field metadata.name In [a] AND field metadata.name NotIn [a]'],
    ['nodeNameIs a AND nodeNameIs b', [Req.nodeNameIs('a'), Req.nodeNameIs('b')], '\'field metadata.name In [a] AND field metadata.name In [b]\'',
      'field metadata.name In [a] AND field metadata.name In [b]'],
  ])('%s', (_title, requirements, value, parts) => {
    expect(required(...requirements)).toThrow(deadTerm(value, parts));
  });

  test('the message names only the contradicting requirements, and the fix', () => {
    expect(required(Req.linuxOnly(), Req.in('k', ['a']), Req.notIn('k', ['a'])))
      .toThrow(/: no node can match this term: k In \[a\] AND k NotIn \[a\] can never all hold\. Fix: remove the contradicting requirement$/);
  });

  test.each<[string, Req[]]>([
    ['Gt 4 AND Lt 8', [Req.gt('k', 4), Req.lt('k', 8)]],
    ['Gt 4 AND Lt 6 (5 is left)', [Req.gt('k', 4), Req.lt('k', 6)]],
    ['Gt 4 AND Lt 8 AND NotIn [5, 6]', [Req.gt('k', 4), Req.lt('k', 8), Req.notIn('k', ['5', '6'])]],
    ['Lt 6 AND NotIn [5, 4]', [Req.lt('k', 6), Req.notIn('k', ['5', '4'])]],
    ['Gt 4 AND NotIn [5] (no upper bound)', [Req.gt('k', 4), Req.notIn('k', ['5'])]],
    ['In [a, b] AND In [b, c]', [Req.in('k', ['a', 'b']), Req.in('k', ['b', 'c'])]],
    ['In [a, b] AND NotIn [a]', [Req.in('k', ['a', 'b']), Req.notIn('k', ['a'])]],
    ['Exists AND NotIn [a]', [Req.exists('k'), Req.notIn('k', ['a'])]],
    ['NotIn [a] AND DoesNotExist (a node without the label)', [Req.notIn('k', ['a']), Req.doesNotExist('k')]],
    ['In [7] AND Gt 4 AND Lt 8', [Req.in('k', ['7']), Req.gt('k', 4), Req.lt('k', 8)]],
    ['the same key as a label and the node name as a field are independent', [Req.in('metadata.name', ['a']), Req.nodeNameIsNot('a')]],
    ['nodeNameIs a AND nodeNameIsNot b', [Req.nodeNameIs('a'), Req.nodeNameIsNot('b')]],
  ])('satisfiable: %s', (_title, requirements) => {
    expect(required(...requirements)).not.toThrow();
  });

  test('a dead term is refused even when another term can hold', () => {
    expect(create({ nodeAffinity: { required: [NodeSelectorTerm.of(Req.linuxOnly()), NodeSelectorTerm.of(Req.exists('k'), Req.doesNotExist('k'))] } }))
      .toThrow(daemonError('nodeAffinity.required[1]', '\'k Exists AND k DoesNotExist\'', 'no node can match this term'));
  });
});

describe('nodeSelector and required node affinity must both hold', () => {
  const withSelector = (...terms: NodeSelectorTerm[]) => create({ nodeSelector: { disktype: 'ssd' }, nodeAffinity: { required: terms } });

  test.each<[string, Req, string]>([
    ['In [hdd]', Req.in('disktype', ['hdd']), 'disktype In [hdd]'],
    ['NotIn [ssd]', Req.notIn('disktype', ['ssd']), 'disktype NotIn [ssd]'],
    ['DoesNotExist', Req.doesNotExist('disktype'), 'disktype DoesNotExist'],
  ])('disktype=ssd vs %s is an error', (_title, req, text) => {
    expect(withSelector(NodeSelectorTerm.of(req))).toThrow(daemonError('nodeAffinity.required[0]', `'${text}'`,
      `can never hold together with the nodeSelector {"disktype":"ssd"} (${text} AND nodeSelector disktype=ssd can never all hold), so the DaemonSet would run no pod at all`));
  });

  test('the fix says how to get out', () => {
    expect(withSelector(NodeSelectorTerm.of(Req.in('disktype', ['hdd']))))
      .toThrow(/\. Fix: drop the nodeSelector entry or change the term so both can hold on the nodes you mean$/);
  });

  test.each<[string, Req]>([
    ['Exists', Req.exists('disktype')],
    ['In [ssd, nvme]', Req.in('disktype', ['ssd', 'nvme'])],
    ['NotIn [hdd]', Req.notIn('disktype', ['hdd'])],
    ['a requirement on another key', Req.linuxOnly()],
  ])('disktype=ssd vs %s is fine', (_title, req) => {
    expect(withSelector(NodeSelectorTerm.of(req))).not.toThrow();
  });

  test('with a second term that can hold, the dead term is still an error naming that term', () => {
    expect(withSelector(NodeSelectorTerm.of(Req.exists('disktype')), NodeSelectorTerm.of(Req.in('disktype', ['hdd']))))
      .toThrow(daemonError('nodeAffinity.required[1]', '\'disktype In [hdd]\'',
        'can never hold together with the nodeSelector {"disktype":"ssd"} (disktype In [hdd] AND nodeSelector disktype=ssd can never all hold), so this alternative selects no node'));
  });

  test('preferred terms are not checked against the nodeSelector (they only score nodes)', () => {
    expect(create({ nodeSelector: { disktype: 'ssd' }, nodeAffinity: { preferred: [{ weight: 10, term: NodeSelectorTerm.of(Req.in('disktype', ['hdd'])) }] } }))
      .not.toThrow();
  });

  test('both render when they can hold together', () => {
    // WHEN
    const spec = podSpec({ nodeSelector: { disktype: 'ssd' }, nodeAffinity: { required: [NodeSelectorTerm.of(Req.exists('disktype'))] } });

    // THEN
    expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
    ]);
  });
});

describe('Gt and Lt values', () => {
  test('a signed integer, as Kubernetes parses it, is accepted', () => {
    const term = requiredTerm(Req.custom('example.com/cores', NodeSelectorOperator.GT, ['+4']), Req.lt('example.com/cores', 8));
    expect(term.matchExpressions[0]).toEqual({ key: 'example.com/cores', operator: 'Gt', values: ['+4'] });
  });

  test('a range that only excluded values fill can never hold', () => {
    expect(create({ nodeAffinity: { required: [NodeSelectorTerm.of(Req.custom('c', NodeSelectorOperator.GT, ['+4']), Req.lt('c', 6), Req.notIn('c', ['5']))] } }))
      .toThrow(daemonError('nodeAffinity.required[0]', '\'c Gt [+4] AND c Lt [6] AND c NotIn [5]\'', 'no node can match this term'));
  });
});
