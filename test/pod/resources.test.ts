import { Testing } from 'cdk8s';
import { DaemonResources, NodeDaemon } from '../../src';
import { renderResources, resourceProblems, withResourceDefaults } from '../../src/pod/resource-rules';
import { normalizeNodePath } from '../../src/pod/volumes';

describe('resources: request above limit, compared exactly', () => {
  test('a memory request one byte above the limit is rejected, though both are the same double', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryRequest: '9007199254740993', memoryLimit: '9007199254740992' },
    })).toThrow(/memoryRequest/);
  });

  test('a memory request equal to the limit in other units is accepted', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryRequest: '512Mi', memoryLimit: '0.5Gi' },
    })).not.toThrow();
  });

  test('a CPU request above the limit written in other units is rejected', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { cpuRequest: '1001m', cpuLimit: '1' },
    })).toThrow(/cpuRequest/);
  });

  test('a negative quantity is rejected', () => {
    expect(() => new NodeDaemon(Testing.chart(), 'd', {
      image: 'x:1',
      resources: { memoryLimit: '-1n' },
    })).toThrow(/memoryLimit.*must not be negative/s);
  });
});

/** Issue 23: the resource rules called directly, each field and each branch, messages whole. */
describe('resource rules, field by field', () => {
  const FIELDS = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'ephemeralStorageRequest', 'ephemeralStorageLimit'] as const;

  test('every field is checked: not a quantity (the fix by kind), negative, zero accepted', () => {
    for (const f of FIELDS) {
      expect(resourceProblems({ [f]: 'lots' })).toEqual([{
        field: f,
        value: 'lots',
        problem: 'is not a Kubernetes quantity',
        fix: `write a number with an optional suffix, e.g. ${f.startsWith('cpu') ? '\'100m\' or \'0.5\'' : '\'128Mi\' or \'1Gi\''}`,
      }]);
      expect(resourceProblems({ [f]: '-1n' })).toEqual([{ field: f, value: '-1n', problem: 'must not be negative', fix: 'use a positive quantity' }]);
      expect(resourceProblems({ [f]: '0' })).toEqual([]);
    }
  });

  test('each request against its own limit: equal accepted, the least above refused; the default named when it is one', () => {
    const pairs = [['cpuRequest', 'cpuLimit', '100m', '101m'], ['memoryRequest', 'memoryLimit', '1Mi', '1048577'], ['ephemeralStorageRequest', 'ephemeralStorageLimit', '1Gi', '1073741825']] as const;
    for (const [req, lim, limit, above] of pairs) {
      expect(resourceProblems({ [req]: limit, [lim]: limit })).toEqual([]);
      expect(resourceProblems({ [req]: above, [lim]: limit }, { [req]: above })).toEqual([{
        field: req, value: above, problem: `is above ${lim} '${limit}'; the API server rejects a request above its limit`, fix: `set ${req} to at most ${lim}, or raise ${lim}`,
      }]);
      // a request without a limit, or a limit without a request, is no pair
      expect(resourceProblems({ [req]: above })).toEqual([]);
      expect(resourceProblems({ [lim]: limit })).toEqual([]);
    }
    expect(resourceProblems(withResourceDefaults({ memoryLimit: '32Mi' }), { memoryLimit: '32Mi' })).toEqual([expect.objectContaining({
      field: 'memoryRequest', problem: 'is above memoryLimit \'32Mi\' (the default memoryRequest); the API server rejects a request above its limit',
    })]);
  });

  test('defaults merged field by field, an undefined field keeping its default', () => {
    expect(withResourceDefaults()).toEqual({ cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' });
    expect(withResourceDefaults({ cpuRequest: undefined, memoryLimit: '1Gi', cpuLimit: '1' })).toEqual({ cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '1Gi', cpuLimit: '1' });
  });

  test('rendered: each field under its Kubernetes name, an empty map left out', () => {
    const values = (m?: { [k: string]: { value: unknown } }) =>
      (m === undefined ? undefined : Object.fromEntries(Object.entries(m).map(([k, q]) => [k, q.value])));
    const rendered = (r: DaemonResources) => {
      const { requests, limits } = renderResources(r);
      return JSON.parse(JSON.stringify({ requests: values(requests), limits: values(limits) }));
    };
    expect(rendered({})).toEqual({});
    expect(rendered({ cpuRequest: '1', memoryRequest: '2', ephemeralStorageRequest: '3', cpuLimit: '4', memoryLimit: '5', ephemeralStorageLimit: '6' })).toEqual({
      requests: { 'cpu': '1', 'memory': '2', 'ephemeral-storage': '3' },
      limits: { 'cpu': '4', 'memory': '5', 'ephemeral-storage': '6' },
    });
    expect(rendered({ memoryLimit: '5' })).toEqual({ limits: { memory: '5' } });
    expect(rendered({ ephemeralStorageRequest: '3' })).toEqual({ requests: { 'ephemeral-storage': '3' } });
  });
});

describe('node paths, normalized as the rules compare them', () => {
  test('repeated slashes folded, a trailing slash dropped, the root kept', () => {
    expect(['/var//log/', '///', '/', '', '/a/b', '//a', 'rel//x/'].map(normalizeNodePath)).toEqual(['/var/log', '/', '/', '/', '/a/b', '/a', 'rel/x']);
  });
});
