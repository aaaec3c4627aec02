import { create, daemonError, factoryError, podSpec } from './helpers';
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

  test('architecture() with no architecture is refused when made (In needs a value)', () => {
    expect(() => Req.architecture()).toThrow(factoryError('NodeSelectorRequirement.architecture', 'architectures', '[]',
      'In needs at least one value', 'name the architectures, e.g. architecture(\'amd64\', \'arm64\')'));
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

describe('invalid requirements throw when made: [NodeSelectorRequirement.<factory>] <prop> = <value>: <problem>. Fix: <fix>', () => {
  const KEY_FIX = 'use a node label key such as \'kubernetes.io/os\'';
  const BOUND_FIX = (op: string) => `give one decimal integer, e.g. ['8'], or use NodeSelectorRequirement.${op}(key, <integer>)`;
  const INT64_RANGE = 'from -9223372036854775808 to 9223372036854775807';

  test.each<[string, () => Req, RegExp]>([
    // keys
    ['in: key not a qualified name', () => Req.in('disk type', ['ssd']),
      factoryError('NodeSelectorRequirement.in', 'key', '\'disk type\'', 'key \'disk type\' has a name part', KEY_FIX)],
    ['notIn: empty key', () => Req.notIn('', ['a']), factoryError('NodeSelectorRequirement.notIn', 'key', '\'\'', 'key \'\' must not be empty', KEY_FIX)],
    ['exists: key with two slashes', () => Req.exists('a/b/c'),
      factoryError('NodeSelectorRequirement.exists', 'key', '\'a/b/c\'', 'key \'a/b/c\' must be a qualified name with at most one \'/\'', KEY_FIX)],
    ['doesNotExist: key with an uppercase prefix', () => Req.doesNotExist('Example.com/x'),
      factoryError('NodeSelectorRequirement.doesNotExist', 'key', '\'Example.com/x\'', 'key \'Example.com/x\' has a prefix', KEY_FIX)],
    ['gt: bad key', () => Req.gt('bad key', 1), factoryError('NodeSelectorRequirement.gt', 'key', '\'bad key\'', 'key \'bad key\' has a name part', KEY_FIX)],
    ['lt: bad key', () => Req.lt('bad key', 1), factoryError('NodeSelectorRequirement.lt', 'key', '\'bad key\'', 'key \'bad key\' has a name part', KEY_FIX)],
    ['custom: bad key', () => Req.custom('bad key', NodeSelectorOperator.EXISTS),
      factoryError('NodeSelectorRequirement.custom', 'key', '\'bad key\'', 'key \'bad key\' has a name part', KEY_FIX)],

    // In / NotIn values
    ['in: no values', () => Req.in('disktype', []),
      factoryError('NodeSelectorRequirement.in', 'values', '[]', 'In needs at least one value', 'list the values, or use exists()')],
    ['notIn: no values', () => Req.notIn('disktype', []),
      factoryError('NodeSelectorRequirement.notIn', 'values', '[]', 'NotIn needs at least one value', 'list the values, or use doesNotExist()')],
    ['in: the second value is not a label value', () => Req.in('disktype', ['ssd', 'fast ssd']),
      factoryError('NodeSelectorRequirement.in', 'values[1]', '\'fast ssd\'', 'value \'fast ssd\' must be empty or consist of', 'use a label value')],
    ['hostname: a name that is not a label value', () => Req.hostname('node 1'),
      factoryError('NodeSelectorRequirement.hostname', 'name', '\'node 1\'', 'value \'node 1\' must be empty or consist of', 'use a label value')],
    ['architecture: a bad architecture', () => Req.architecture('amd64', 'arm 64'),
      factoryError('NodeSelectorRequirement.architecture', 'architectures[1]', '\'arm 64\'', 'value \'arm 64\' must be empty or consist of', 'use a label value')],

    // Exists / DoesNotExist values
    ['custom: Exists with values', () => Req.custom('disktype', NodeSelectorOperator.EXISTS, ['ssd']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["ssd"]', 'Exists takes no values (got 1)', 'drop the values, or use in()/notIn()')],
    ['custom: DoesNotExist with values', () => Req.custom('disktype', NodeSelectorOperator.DOES_NOT_EXIST, ['a', 'b']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["a","b"]', 'DoesNotExist takes no values (got 2)', 'drop the values')],

    // operators
    ['custom: unknown operator', () => Req.custom('disktype', 'Matches' as NodeSelectorOperator, ['ssd']),
      factoryError('NodeSelectorRequirement.custom', 'operator', '\'Matches\'', 'is not In, NotIn, Exists, DoesNotExist, Gt or Lt', 'use a NodeSelectorOperator member')],
    ['field: unknown operator', () => Req.field('metadata.name', 'Matches' as NodeSelectorOperator, ['a']),
      factoryError('NodeSelectorRequirement.field', 'operator', '\'Matches\'', 'is not In, NotIn', 'use a NodeSelectorOperator member')],

    // gt / lt numbers
    ['gt: a non-integer', () => Req.gt('example.com/cores', 1.5),
      factoryError('NodeSelectorRequirement.gt', 'value', '1.5', 'Gt compares the label as an integer, so the bound must be a whole number', 'give an integer, e.g. NodeSelectorRequirement.gt(key, 8)')],
    ['lt: NaN', () => Req.lt('example.com/cores', NaN),
      factoryError('NodeSelectorRequirement.lt', 'value', 'NaN', 'Lt compares the label as an integer', 'give an integer, e.g. NodeSelectorRequirement.lt(key, 8)')],
    ['gt: Infinity', () => Req.gt('example.com/cores', Infinity),
      factoryError('NodeSelectorRequirement.gt', 'value', 'Infinity', 'Gt compares the label as an integer', 'give an integer')],
    ['gt: 2^53, no longer exact', () => Req.gt('example.com/bytes', 2 ** 53),
      factoryError('NodeSelectorRequirement.gt', 'value', '9007199254740992', 'is beyond ±9007199254740991, where a JavaScript number no longer holds every integer exactly',
        'give the exact decimal digits as a string: NodeSelectorRequirement.custom(key, NodeSelectorOperator.GT, [\'<digits>\']), checked against int64 exactly')],
    ['lt: 2^63, beyond int64', () => Req.lt('example.com/bytes', 2 ** 63),
      factoryError('NodeSelectorRequirement.lt', 'value', '9223372036854776000', 'is beyond ±9007199254740991',
        'NodeSelectorRequirement.custom(key, NodeSelectorOperator.LT, [\'<digits>\'])')],
    ['lt: 1e21 (String() would write 1e+21)', () => Req.lt('example.com/bytes', 1e21),
      factoryError('NodeSelectorRequirement.lt', 'value', '1e+21', 'is beyond ±9007199254740991', 'NodeSelectorOperator.LT')],
    ['gt: -(2^53)', () => Req.gt('example.com/offset', -(2 ** 53)),
      factoryError('NodeSelectorRequirement.gt', 'value', '-9007199254740992', 'is beyond ±9007199254740991', 'NodeSelectorOperator.GT')],

    // Gt / Lt strings, exact int64
    ['custom: Lt with a non-number', () => Req.custom('example.com/cores', NodeSelectorOperator.LT, ['many']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["many"]', `Lt takes exactly one integer value ${INT64_RANGE} (got [many])`, BOUND_FIX('lt'))],
    ['custom: Lt with two values', () => Req.custom('example.com/cores', NodeSelectorOperator.LT, ['1', '2']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["1","2"]', 'Lt takes exactly one integer value', BOUND_FIX('lt'))],
    ['custom: Gt with no value', () => Req.custom('example.com/cores', NodeSelectorOperator.GT),
      factoryError('NodeSelectorRequirement.custom', 'values', '[]', 'Gt takes exactly one integer value', BOUND_FIX('gt'))],
    ['custom: Gt with a decimal fraction', () => Req.custom('example.com/cores', NodeSelectorOperator.GT, ['1.5']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["1.5"]', 'Gt takes exactly one integer value', BOUND_FIX('gt'))],
    ['custom: Gt with an exponent', () => Req.custom('example.com/cores', NodeSelectorOperator.GT, ['1e3']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["1e3"]', 'Gt takes exactly one integer value', BOUND_FIX('gt'))],
    ['custom: Gt one above int64', () => Req.custom('example.com/bytes', NodeSelectorOperator.GT, ['9223372036854775808']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["9223372036854775808"]', `Gt takes exactly one integer value ${INT64_RANGE} (got [9223372036854775808])`, BOUND_FIX('gt'))],
    ['custom: Lt one below int64', () => Req.custom('example.com/bytes', NodeSelectorOperator.LT, ['-9223372036854775809']),
      factoryError('NodeSelectorRequirement.custom', 'values', '["-9223372036854775809"]', 'Lt takes exactly one integer value', BOUND_FIX('lt'))],

    // matchFields
    ['field: other than metadata.name', () => Req.field('metadata.labels', NodeSelectorOperator.IN, ['x']),
      factoryError('NodeSelectorRequirement.field', 'key', '\'metadata.labels\'', 'matchFields key \'metadata.labels\' is not supported; only \'metadata.name\' is', 'nodeNameIs()')],
    ['field: Exists', () => Req.field('metadata.name', NodeSelectorOperator.EXISTS, []),
      factoryError('NodeSelectorRequirement.field', 'operator', '\'Exists\'', 'matchFields operator \'Exists\' is not allowed; only In and NotIn are', 'use nodeNameIs() or nodeNameIsNot()')],
    ['field: two values', () => Req.field('metadata.name', NodeSelectorOperator.IN, ['node1', 'node2']),
      factoryError('NodeSelectorRequirement.field', 'values', '["node1","node2"]', 'matchFields with In takes exactly one value (got 2)', 'use one requirement per node name')],
    ['field: no value', () => Req.field('metadata.name', NodeSelectorOperator.NOT_IN, []),
      factoryError('NodeSelectorRequirement.field', 'values', '[]', 'matchFields with NotIn takes exactly one value (got 0)', 'use one requirement per node name')],
    ['field: an invalid node name', () => Req.field('metadata.name', NodeSelectorOperator.IN, ['Node_1']),
      factoryError('NodeSelectorRequirement.field', 'values[0]', '\'Node_1\'', 'node name \'Node_1\' must be a DNS-1123 subdomain', 'use the node name as `kubectl get nodes` prints it')],
    ['nodeNameIs: an invalid node name', () => Req.nodeNameIs('Node_1'),
      factoryError('NodeSelectorRequirement.nodeNameIs', 'name', '\'Node_1\'', 'node name \'Node_1\' must be a DNS-1123 subdomain', 'use the node name as `kubectl get nodes` prints it')],
    ['nodeNameIsNot: an empty node name', () => Req.nodeNameIsNot(''),
      factoryError('NodeSelectorRequirement.nodeNameIsNot', 'name', '\'\'', 'node name \'\' must not be empty', 'kubectl get nodes')],
  ])('%s', (_title, make, message) => {
    expect(make).toThrow(message);
  });

  test('the whole message, on one line', () => {
    expect(() => Req.in('disktype', [])).toThrow(
      /^\[NodeSelectorRequirement\.in\] values = \[\]: In needs at least one value\. Fix: list the values, or use exists\(\)$/);
  });

  test('a newline in a value is shown escaped', () => {
    expect(() => Req.in('disktype', ['a\nb'])).toThrow(/^\[NodeSelectorRequirement\.in\] values\[0\] = 'a\\nb': value 'a\\nb' must be/);
  });

  test('changing the values array after a failed call changes nothing; the values are checked as copied', () => {
    // GIVEN
    const values = ['ssd'];
    const req = Req.in('disktype', values);

    // WHEN
    values[0] = 'not a label value!';

    // THEN
    expect(req.values).toEqual(['ssd']);
  });

  test.each<[string, () => Req, string[]]>([
    ['gt: the largest exact integer', () => Req.gt('k', Number.MAX_SAFE_INTEGER), ['9007199254740991']],
    ['lt: the smallest exact integer', () => Req.lt('k', Number.MIN_SAFE_INTEGER), ['-9007199254740991']],
    ['lt: 0', () => Req.lt('k', 0), ['0']],
    ['gt: -0 is written as 0', () => Req.gt('k', -0), ['0']],
    ['custom Gt: int64 max, exactly', () => Req.custom('k', NodeSelectorOperator.GT, ['9223372036854775807']), ['9223372036854775807']],
    ['custom Lt: int64 min, exactly', () => Req.custom('k', NodeSelectorOperator.LT, ['-9223372036854775808']), ['-9223372036854775808']],
    ['custom Gt: a sign and leading zeros, as strconv.ParseInt reads them', () => Req.custom('k', NodeSelectorOperator.GT, ['+007']), ['+007']],
    ['custom In: an empty label value', () => Req.custom('k', NodeSelectorOperator.IN, ['']), ['']],
  ])('valid: %s', (_title, make, values) => {
    expect(make().values).toEqual(values);
  });

  test('a bound beyond 2^53, given as digits, renders exactly', () => {
    expect(requiredTerm(Req.custom('example.com/bytes', NodeSelectorOperator.GT, ['9007199254740993'])).matchExpressions).toEqual([
      { key: 'example.com/bytes', operator: 'Gt', values: ['9007199254740993'] },
    ]);
  });
});

describe('NodeSelectorTerm.of()', () => {
  test('with no requirement throws when made: an empty term matches no node', () => {
    expect(() => NodeSelectorTerm.of()).toThrow(factoryError('NodeSelectorTerm.of', 'requirements', '[]',
      'a term with no requirements matches no node (Kubernetes treats an empty term as matching nothing)', 'give the term at least one requirement, or leave the term out'));
  });

  test('the requirements are copied', () => {
    // GIVEN
    const requirements = [Req.linuxOnly()];
    const term = NodeSelectorTerm.of(...requirements);

    // WHEN
    requirements.push(Req.exists('k'));

    // THEN
    expect(term.requirements).toHaveLength(1);
  });
});

describe('int64 bounds beyond 2^53 in the satisfiability check', () => {
  const required = (...requirements: Req[]) => create({ nodeAffinity: { required: [NodeSelectorTerm.of(...requirements)] } });
  const gt = (v: string) => Req.custom('k', NodeSelectorOperator.GT, [v]);
  const lt = (v: string) => Req.custom('k', NodeSelectorOperator.LT, [v]);

  test.each<[string, Req[]]>([
    ['Gt 2^53 + 1 AND Lt 2^53 + 3 (2^53 + 2 is left; as doubles the bounds would be equal)', [gt('9007199254740993'), lt('9007199254740995')]],
    ['Gt int64 max - 1 (int64 max is left)', [gt('9223372036854775806')]],
    ['Lt int64 min + 1 (int64 min is left)', [lt('-9223372036854775807')]],
  ])('satisfiable: %s', (_title, requirements) => {
    expect(required(...requirements)).not.toThrow();
  });

  test.each<[string, Req[]]>([
    ['Gt 2^53 + 1 AND Lt 2^53 + 2', [gt('9007199254740993'), lt('9007199254740994')]],
    ['Gt int64 max (no int64 is greater)', [gt('9223372036854775807')]],
    ['Lt int64 min (no int64 is smaller)', [lt('-9223372036854775808')]],
  ])('can never hold: %s', (_title, requirements) => {
    expect(required(...requirements)).toThrow(/no node can match this term/);
  });
});
