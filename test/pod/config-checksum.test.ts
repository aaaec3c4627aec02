import { createHash } from 'crypto';
import { ApiObject, Testing } from 'cdk8s';
import { ConfigLookup, configChecksum, ConfigReference, configsInOtherNamespaces, DefinedConfig } from '../../src/pod/config-checksum';

/**
 * Issue 23: the checksum and the namespace rule called directly. The checksum is compared with the
 * canonical form it promises (references sorted by kind/name, keys sorted at every level, each
 * reference once), not only with a second run: StrykerJS found the order of neither tested.
 */

const chart = Testing.chart();
let n = 0;
const config = (kind: 'ConfigMap' | 'Secret', name: string, body: object, namespace?: string): DefinedConfig => ({
  object: new ApiObject(chart, `o${n++}`, { apiVersion: 'v1', kind, metadata: { name }, ...body }),
  namespace,
});
const lookupOf = (...defined: DefinedConfig[]): ConfigLookup => ({
  configsNamed: (kind, name) => defined.filter(d => d.object.kind === kind && d.object.name === name),
});
const ref = (kind: 'ConfigMap' | 'Secret', name: string): ConfigReference => ({ kind, name, source: 'test' });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('configChecksum', () => {
  const app = config('ConfigMap', 'app', { data: { 'b.conf': '2', 'a.conf': '1' } }, 'ops');
  const creds = config('Secret', 'creds', { stringData: { user: 'u' }, immutable: true }, 'ops');
  const elsewhere = config('ConfigMap', 'app', { data: { x: 'y' } }, 'other');
  const lookup = lookupOf(app, creds, elsewhere);

  test('the SHA-256 of the canonical JSON: references sorted by kind/name, keys sorted, absent fields left out', () => {
    const canonical = JSON.stringify([
      { id: 'ConfigMap/app', data: { data: { 'a.conf': '1', 'b.conf': '2' } } },
      { id: 'Secret/creds', data: { immutable: true, stringData: { user: 'u' } } },
    ]);
    expect(configChecksum(lookup, 'ops', [ref('Secret', 'creds'), ref('ConfigMap', 'app')])).toBe(sha256(canonical));
    // the same in any order of the references, and with a reference given twice
    expect(configChecksum(lookup, 'ops', [ref('ConfigMap', 'app'), ref('Secret', 'creds'), ref('ConfigMap', 'app')])).toBe(sha256(canonical));
  });

  test('keys are sorted at every level', () => {
    const nested = config('ConfigMap', 'nested', { data: { z: '1' }, binaryData: { b: 'Yg==', a: 'YQ==' } }, 'ops');
    expect(configChecksum(lookupOf(nested), 'ops', [ref('ConfigMap', 'nested')]))
      .toBe(sha256(JSON.stringify([{ id: 'ConfigMap/nested', data: { binaryData: { a: 'YQ==', b: 'Yg==' }, data: { z: '1' } } }])));
  });

  test('only the daemon\'s namespace counts; none defined there: no checksum', () => {
    expect(configChecksum(lookup, 'other', [ref('ConfigMap', 'app')])).toBe(sha256(JSON.stringify([{ id: 'ConfigMap/app', data: { data: { x: 'y' } } }])));
    expect(configChecksum(lookup, 'nowhere', [ref('ConfigMap', 'app')])).toBeUndefined();
    expect(configChecksum(lookup, 'ops', [])).toBeUndefined();
  });
});

describe('configsInOtherNamespaces', () => {
  test('a reference the app defines only elsewhere, with those namespaces sorted and once each; (none) for no namespace', () => {
    const lookup = lookupOf(
      config('ConfigMap', 'app', {}, 'zeta'),
      config('ConfigMap', 'app', {}, 'alpha'),
      config('ConfigMap', 'app', {}, 'zeta'),
      config('Secret', 'creds', {}),
      config('Secret', 'here', {}, 'ops'),
    );
    const refs = [ref('ConfigMap', 'app'), ref('Secret', 'creds'), ref('ConfigMap', 'app'), ref('Secret', 'here'), ref('Secret', 'unknown')];
    expect(configsInOtherNamespaces(lookup, 'ops', refs)).toEqual([
      { ref: refs[0], namespaces: ['alpha', 'zeta'] },
      { ref: refs[1], namespaces: ['(none)'] },
    ]);
  });
});
