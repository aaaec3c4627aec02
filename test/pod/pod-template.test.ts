/**
 * Issue 23: the pod template's helpers called directly, each branch and message whole: volume names
 * derived from node paths, annotation and label checks.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { NodeDaemon, NodeDaemonProps } from '../../src';
import { annotationProblems, hostPathVolumeName, labelProblems } from '../../src/pod/pod-template';

describe('host-path volume names', () => {
  test('the name given wins; else host- and the path in lower-case kebab-case; the root (or no letter at all) is host-root', () => {
    expect(hostPathVolumeName({ path: '/var/log', name: 'logs' })).toBe('logs');
    expect(hostPathVolumeName({ path: '/var/log', name: '' })).toBe('');
    expect(['/var/log', '/Var//LOG/x/', '/run/containerd/containerd.sock', '/', '///', '/_._/', 'rel/9'].map(path => hostPathVolumeName({ path })))
      .toEqual(['host-var-log', 'host-var-log-x', 'host-run-containerd-containerd-sock', 'host-root', 'host-root', 'host-root', 'host-rel-9']);
  });
});

describe('annotations', () => {
  test('keys are checked in lower case, as the API server does: an upper-case key is accepted, a bad one named', () => {
    expect(annotationProblems('podAnnotations', { 'Example.COM/Owner': 'me', 'plain': '' })).toEqual([]);
    expect(annotationProblems('podAnnotations', undefined)).toEqual([]);
    expect(annotationProblems('podAnnotations', { 'bad key': 'v' })).toEqual([{
      prop: 'podAnnotations', value: 'bad key', problem: expect.stringMatching(/^annotation key has a name part 'bad key'/), fix: 'use a key such as \'example.com/owner\'',
    }]);
  });

  test('the total counts keys and values: 262144 bytes accepted, one more refused with its size', () => {
    expect(annotationProblems('a', { k: 'v'.repeat(262143) })).toEqual([]);
    expect(annotationProblems('a', { k: 'v'.repeat(262142), l: '' })).toEqual([]);
    expect(annotationProblems('a', { k: 'v'.repeat(262143), l: '' })).toEqual([{
      prop: 'a', value: '262145 bytes', problem: 'annotations total 262145 bytes, above the API server\'s limit of 262144 (256 KiB)', fix: 'keep large data in a ConfigMap and reference it',
    }]);
  });
});

describe('labels', () => {
  test('a bad key and a bad value are two problems, the value\'s under the key', () => {
    expect(labelProblems('labels', { 'team': 'a', 'example.com/tier': '' })).toEqual([]);
    expect(labelProblems('labels', undefined)).toEqual([]);
    expect(labelProblems('labels', { 'bad key': 'bad value' })).toEqual([
      { prop: 'labels', value: 'bad key', problem: expect.stringMatching(/^label key /), fix: 'use a key such as \'team\' or \'example.com/team\'' },
      { prop: 'labels[\'bad key\']', value: 'bad value', problem: expect.stringMatching(/^label value /), fix: 'use at most 63 letters, digits, \'-\', \'_\' or \'.\'' },
    ]);
  });
});

describe('mount propagation', () => {
  const synth = (props: Partial<NodeDaemonProps>) => () => Testing.synth(withDaemon(props));
  const withDaemon = (props: Partial<NodeDaemonProps>) => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', ...props });
    return chart;
  };
  test('a value that is none of the three is refused, on a host path and on a container\'s mount (JavaScript callers)', () => {
    expect(synth({ hostPathMounts: [{ path: '/var/lib/x', propagation: 'Sideways' as kplus.MountPropagation }] }))
      .toThrow('[test/agent] hostPathMounts[0].propagation = \'Sideways\': is not None, HostToContainer or Bidirectional (the API server refuses any other value). Fix: use a kplus.MountPropagation member');
    expect(synth({ emptyDirs: [{ name: 'cache' }], volumeMounts: [{ volume: 'cache', mountPath: '/cache', propagation: 'hostToContainer' as kplus.MountPropagation }] }))
      .toThrow(/volumeMounts\[0\]\.propagation = 'hostToContainer': is not None, HostToContainer or Bidirectional/);
    for (const ok of Object.values(kplus.MountPropagation).filter(p => p !== kplus.MountPropagation.BIDIRECTIONAL)) {
      expect(synth({ hostPathMounts: [{ path: '/var/lib/x', propagation: ok }] })).not.toThrow();
    }
  });
});
