/**
 * GitOps (issue 13): the example repo's app synthesizes one file per chart, deterministically, with
 * the files kustomize lists; `check` passes on it; sync waves order the objects for Argo CD.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, YamlOutputType } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { buildGitOpsApp } from '../examples/gitops/app';
import { ArgoCdSyncWaves, ClusterInventory, NodeDaemon } from '../src';
import { checkManifests } from '../src/rules/check';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'gitops');

/** Synthesizes the example app as `cdk8s synth` does (file per chart, .k8s.yaml) into a fresh directory. */
function synthToDir(): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
  const app = new App({ outdir: dir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildGitOpsApp(app);
  app.synth();
  return { dir, files: fs.readdirSync(dir).sort() };
}

describe('examples/gitops', () => {
  const first = synthToDir();
  const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

  test('one file per chart, the files kustomization.yaml lists, snapshot-tested', () => {
    const kustomization = parse(fs.readFileSync(path.join(EXAMPLE, 'kustomization.yaml'), 'utf8'));
    expect(kustomization.resources.map((r: string) => path.basename(r)).sort()).toEqual(first.files);
    expect(first.files).toEqual(['edge.k8s.yaml', 'logging.k8s.yaml', 'monitoring.k8s.yaml']);
    for (const f of first.files) { expect(read(first.dir, f)).toMatchSnapshot(f); }
    const argo = parse(fs.readFileSync(path.join(EXAMPLE, 'argocd-application.yaml'), 'utf8'));
    expect(argo.spec.source.path).toBe('examples/gitops/dist');
    expect(parse(fs.readFileSync(path.join(EXAMPLE, 'cdk8s.yaml'), 'utf8')).output).toBe('dist');
  });

  test('synthesizing twice gives byte-identical files, with no timestamps, random names or path hashes', () => {
    const second = synthToDir();
    expect(second.files).toEqual(first.files);
    for (const f of first.files) { expect(read(second.dir, f)).toBe(read(first.dir, f)); }
    for (const f of first.files) {
      const text = read(first.dir, f);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      for (const doc of parseAllDocuments(text)) {
        const name: string = (doc.toJS() as any).metadata.name;
        expect(name).not.toMatch(/-c8[0-9a-f]{6,}$/);
      }
    }
  });

  test('cdk8s-daemons check passes on the output', () => {
    const manifests = first.files.flatMap(f => parseAllDocuments(read(first.dir, f)).map(d => ({ file: f, object: d.toJS() })));
    const findings = checkManifests(manifests, ClusterInventory.sample());
    expect(findings.filter(x => x.severity === 'error')).toEqual([]);
  });

  test('sync waves: namespaces, then identities, RBAC and config, then daemons, then monitors', () => {
    const waves = first.files.flatMap(f => parseAllDocuments(read(first.dir, f)).map(d => d.toJS() as any))
      .map(o => [o.kind, o.metadata.annotations?.['argocd.argoproj.io/sync-wave']]);
    const waveOf = (kind: string) => new Set(waves.filter(([k]) => k === kind).map(([, w]) => w));
    expect(waveOf('Namespace')).toEqual(new Set(['-2']));
    expect(waveOf('ServiceAccount')).toEqual(new Set(['-1']));
    expect(waveOf('ClusterRole')).toEqual(new Set(['-1']));
    expect(waveOf('ConfigMap')).toEqual(new Set(['-1']));
    expect(waveOf('DaemonSet')).toEqual(new Set(['0']));
    expect(waveOf('Service')).toEqual(new Set(['0']));
    expect(waveOf('ServiceMonitor')).toEqual(new Set(['1']));
  });

  test('sync waves are off unless applied, and a wave set by hand stays', () => {
    const chart = Testing.chart();
    new NodeDaemon(chart, 'plain', { image: 'example.com/agent:1.0' });
    expect(Testing.synth(chart).every(o => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] === undefined)).toBe(true);
    const waved = Testing.chart();
    ArgoCdSyncWaves.applyTo(waved);
    const d = new NodeDaemon(waved, 'agent', { image: 'example.com/agent:1.0' });
    d.daemonSet.metadata.addAnnotation('argocd.argoproj.io/sync-wave', '5');
    const out = Testing.synth(waved);
    expect(out.find(o => o.kind === 'DaemonSet').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
    expect(out.find(o => o.kind === 'ServiceAccount').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(ArgoCdSyncWaves.waveOf('Namespace')).toBe(-2);
  });
});
