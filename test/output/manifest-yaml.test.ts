import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { EXAMPLES } from '../../examples';
import { DaemonsApp, LogCollector, LogOutput, ManifestYaml, MonitoringDaemon, NodeDaemon, NodeScopedApp } from '../../src';
import { runs } from '../util/runs';

const cdk8sStringify = Yaml.stringify.bind(Yaml);
/** cdk8s's serializer as this file found it, before any test synthesized a DaemonsApp. */
const ORIGINAL_STRINGIFY = Yaml.stringify;
/** cdk8s's chart renderer as this file found it (DaemonsApp swaps it while it synthesizes). */
const ORIGINAL_SYNTH_CHART = (App as any)._synthChart;

/** Strings made of YAML's awkward pieces: indicators, keywords of YAML 1.1, numbers, spaces, colons, hashes. */
const piece = fc.constantFrom(
  'a', 'Z', '_', '/', '-', '--', '.', ':', ': ', ' #', '#', ' ', '\t', '\n', '"', "'", '*', '&', '!', '|', '>', '%', '@', '`',
  '?', ',', '[', ']', '{', '}', '~', '^', '$', '(', ')', '=', '+', '<<', '0', '7', '0x1F', '1e3', '.5', '.inf', '.NaN', '1:20',
  '2001-12-14', '0b1', '017', '08', '1_000', '100m', '64Mi', '25%', '1.27', '3a', 'e', 'E', 'e5', '+', '-e3', 'y', 'Y', 'n', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'NULL', '~', '---', '...', 'é', '\u2028',
  'word '.repeat(60), 'metrics', 'app.kubernetes.io/name', 'node-exporter', 'v1.6.1', '9100', '--path.procfs=/host/proc',
);
const str = fc.array(piece, { minLength: 0, maxLength: 5 }).map(parts => parts.join(''));
const scalar = fc.oneof(
  { weight: 6, arbitrary: str },
  { weight: 2, arbitrary: fc.integer({ min: -100000, max: 100000 }) },
  fc.constantFrom(0, -0, 0.5, -1.25, 1e21, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e-7, true, false, null),
);
const { value: json } = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(str, tie('value'), { maxKeys: 5 }),
}));
const document = fc.dictionary(str, json, { minKeys: 1, maxKeys: 6 });

describe('ManifestYaml writes what cdk8s writes', () => {
  test('random documents of awkward keys and values: byte-identical to Yaml.stringify', () => {
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), docs => {
      expect(ManifestYaml.stringify(...docs)).toBe(cdk8sStringify(...docs));
    }), { seed: 20261130, numRuns: runs(2500) });
  });

  test('random plain-looking documents are written by the fast path, not handed to cdk8s', () => {
    // names, paths, flags and quantities, but no YAML 1.1 keyword or number (those the serializer quotes)
    const word = fc.stringMatching(/^(?:[a-z]|--[a-z])[a-z0-9.\/-]{0,12}[a-z0-9]$|^[0-9]{1,4}(?:m|Mi|Gi|%)$/)
      .filter(w => !['yes', 'no', 'on', 'off', 'true', 'false', 'null'].includes(w) && !/^[eE][-+]?[0-9]+$/.test(w));
    const { value: plain } = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small' }, word, fc.nat(70000), fc.boolean(), tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(word, tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(fc.property(fc.dictionary(word, plain, { minKeys: 1, maxKeys: 6 }), doc => {
      const before = ManifestYaml.fallbacks;
      expect(ManifestYaml.stringify(doc)).toBe(cdk8sStringify(doc));
      expect(ManifestYaml.fallbacks).toBe(before);
    }), { seed: 20261130, numRuns: runs(1000) });
  });

  test('the fast path handles what the constructs write; only documents holding config files go to cdk8s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new NodeDaemon(chart, 'agent', { image: 'example.com/agent:1.0', namespace: 'agents', ports: [{ name: 'metrics', number: 9100 }] }).exposeViaService();
    new MonitoringDaemon(chart, 'exporter', { serviceMonitor: {} });
    new NodeScopedApp(chart, 'app', { image: 'example.com/app:1.0', namespace: 'apps', ports: [{ name: 'http', number: 8080 }], services: [{}] });
    new LogCollector(chart, 'logs', { namespace: 'logging', outputs: [LogOutput.loki({ host: 'loki.logging.svc' })] });
    const docs = Testing.synth(chart);
    const before = ManifestYaml.fallbacks;
    expect(ManifestYaml.stringify(...docs)).toBe(cdk8sStringify(...docs));
    const slow = ManifestYaml.fallbacks - before;
    // the LogCollector's ConfigMap holds multi-line config files; everything else is plain
    expect(slow).toBe(docs.filter(d => d.kind === 'ConfigMap').length);
    expect(slow).toBeLessThan(docs.length / 4);
  });

  // Issue 23: the fast path's own limits on both sides. Either side must give cdk8s's bytes; which
  // side takes it is what a mutant of a limit changes (the bytes alone cannot tell).
  test.each([
    ['a key of 1,024 characters', 'fast', { ['k'.repeat(1024)]: 'v' }],
    ['a key of 1,025 characters (the serializer writes it as "? key")', 'cdk8s', { ['k'.repeat(1025)]: 'v' }],
    ['the largest safe integer', 'fast', { x: Number.MAX_SAFE_INTEGER }],
    ['the smallest safe integer', 'fast', { x: Number.MIN_SAFE_INTEGER }],
    ['2^53, the first unsafe integer', 'cdk8s', { x: 2 ** 53 }],
    ['-(2^53)', 'cdk8s', { x: -(2 ** 53) }],
    ['0', 'fast', { x: 0 }],
    ['-0', 'cdk8s', { x: -0 }],
    ['an empty string', 'fast', { s: '' }],
    ['an empty list and an empty map', 'fast', { l: [], m: {} }],
    ['a flag', 'fast', { args: ['--path.rootfs=/host/root', '-v'] }],
    ['a version read as a number, written quoted', 'fast', { v: '1.25' }],
    ['a string with spaces inside', 'fast', { s: 'a b c' }],
    ['a string ending in a space', 'cdk8s', { s: 'a ' }],
    ['a string starting with a dot', 'cdk8s', { s: '.a' }],
    ['a value of a class', 'cdk8s', { d: new Date(0) }],
    ['a map without a prototype', 'fast', { m: Object.assign(Object.create(null), { a: 'b' }) }],
  ] as Array<[string, string, any]>)('%s: written by the %s path, as cdk8s writes it', (_what, way, doc) => {
    const before = ManifestYaml.fallbacks;
    expect(ManifestYaml.stringify(doc)).toBe(cdk8sStringify(doc));
    expect(ManifestYaml.fallbacks - before).toBe(way === 'fast' ? 0 : 1);
  });

  test.each([
    ['null', null], ['a string', 'text'], ['a number', 5], ['a list', [1, 'a']], ['an empty map', {}],
  ] as Array<[string, any]>)('a document that is %s is left to cdk8s, whose bytes it gets', (_what, doc) => {
    const before = ManifestYaml.fallbacks;
    expect(ManifestYaml.stringify(doc)).toBe(cdk8sStringify(doc));
    expect(ManifestYaml.fallbacks - before).toBe(1);
  });

  test('an error while reading a document (a getter that throws) is the caller\'s: not a reason to try cdk8s\'s writer', () => {
    const doc = Object.defineProperty({ a: 'b' }, 'broken', { enumerable: true, get: () => { throw new Error('boom'); } });
    const before = ManifestYaml.fallbacks;
    expect(() => ManifestYaml.stringify(doc)).toThrow('boom');
    expect(ManifestYaml.fallbacks).toBe(before);
  });

  test('a key of 1,025 characters is written as an explicit key, one of 1,024 is not', () => {
    expect(ManifestYaml.stringify({ ['k'.repeat(1025)]: 'v' })).toMatch(/^\? k{1025}\n: v\n$/);
    expect(ManifestYaml.stringify({ ['k'.repeat(1024)]: 'v' })).toBe(`${'k'.repeat(1024)}: v\n`);
  });

  test.each(EXAMPLES.map(e => [e.name, e] as const))('example %s: DaemonsApp writes the bytes App writes', (_name, example) => {
    const plain = Testing.app();
    example.build(plain);
    const fast = new DaemonsApp({ outdir: plain.outdir });
    example.build(fast);
    // App's own method, not the synth scope the library gives an App it is in: cdk8s's way throughout
    expect(fast.synthYaml()).toBe(App.prototype.synthYaml.call(plain));
  });
});

describe('DaemonsApp', () => {
  const outputTypes = [
    YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  ];

  function files(dir: string): { [file: string]: string } {
    const out: { [file: string]: string } = {};
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach(e => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); } else { out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8'); }
    });
    walk(dir);
    return out;
  }

  function build(app: App): void {
    const a = new Chart(app, 'agents');
    new NodeDaemon(a, 'agent', { image: 'example.com/agent:1.0', namespace: 'agents', ports: [{ name: 'metrics', number: 9100 }] }).exposeViaService();
    const b = new Chart(app, 'logging');
    new LogCollector(b, 'logs', { namespace: 'logging', outputs: [LogOutput.loki({ host: 'loki.logging.svc' })] });
    b.addDependency(a);
    // a chart inside a chart (its objects belong to it alone), and objects ordered by a dependency
    const nested = new Chart(b, 'nested');
    const later = new ApiObject(nested, 'later', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } });
    const first = new ApiObject(nested, 'first', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } });
    later.addDependency(first);
  }

  test.each(outputTypes)('synth() writes the same files, byte for byte, as App\'s own method, in a DaemonsApp and in a cdk8s App the library scoped (%s)', (yamlOutputType) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'daemons-app-'));
    try {
      const plain = new App({ outdir: path.join(root, 'app'), yamlOutputType, recordConstructMetadata: true });
      build(plain);
      App.prototype.synth.call(plain); // cdk8s's own way throughout (see above)
      const fast = new DaemonsApp({ outdir: path.join(root, 'daemons-app'), yamlOutputType, recordConstructMetadata: true });
      build(fast);
      fast.synth();
      const scoped = new App({ outdir: path.join(root, 'scoped-app'), yamlOutputType, recordConstructMetadata: true });
      build(scoped);
      scoped.synth(); // the app object's own synth, which the library scoped
      const expected = files(path.join(root, 'app'));
      expect(Object.keys(expected).length).toBeGreaterThan(1);
      expect(files(path.join(root, 'daemons-app'))).toEqual(expected);
      expect(files(path.join(root, 'scoped-app'))).toEqual(expected);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a DaemonsApp, and a cdk8s App holding a construct of the library, write with ManifestYaml; an App without one, and App\'s own method, call cdk8s\'s Yaml.stringify', () => {
    const cdk8s = jest.spyOn(Yaml, 'stringify');
    try {
      // a cdk8s App of plain objects only: the library never scoped it
      const bare = Testing.app();
      new ApiObject(new Chart(bare, 'c'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
      bare.synthYaml();
      expect(cdk8s).toHaveBeenCalled();
      cdk8s.mockClear();
      const plain = Testing.app();
      build(plain);
      const yaml = plain.synthYaml();
      expect(cdk8s).not.toHaveBeenCalled();
      expect(App.prototype.synthYaml.call(plain)).toBe(yaml);
      expect(cdk8s).toHaveBeenCalled();
      cdk8s.mockClear();
      const fast = new DaemonsApp({ outdir: plain.outdir });
      build(fast);
      fast.synthYaml();
      expect(cdk8s).not.toHaveBeenCalled();
      expect(Yaml.stringify).toBe(cdk8s); // what was there before the synth is put back
    } finally {
      cdk8s.mockRestore();
    }
  });

  test('cdk8s\'s serializer is back in place after a synth, and after a synth that throws', () => {
    const original = ORIGINAL_STRINGIFY; // as this file found it: an earlier test's synth must not have left the swap in place either
    expect(Yaml.stringify).toBe(original);
    const app = new DaemonsApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'daemons-app-')) });
    build(app);
    app.synthYaml();
    expect(Yaml.stringify).toBe(original);

    const broken = new DaemonsApp();
    const chart = new Chart(broken, 'c');
    new NodeDaemon(chart, 'one', { name: 'same', image: 'example.com/a:1' });
    new NodeDaemon(chart, 'two', { name: 'same', image: 'example.com/a:1' });
    expect(() => broken.synthYaml()).toThrow(/same/);
    expect(Yaml.stringify).toBe(original);
    // the same for a cdk8s App the library scoped
    const scoped = Testing.app();
    const scopedChart = new Chart(scoped, 'c');
    new NodeDaemon(scopedChart, 'one', { name: 'same', image: 'example.com/a:1' });
    new NodeDaemon(scopedChart, 'two', { name: 'same', image: 'example.com/a:1' });
    expect(() => scoped.synthYaml()).toThrow(/same/);
    expect(Yaml.stringify).toBe(original);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});

describe('DaemonsApp renders each chart without walking the app again', () => {
  /** K charts, each with a construct whose validation counts its runs. */
  function counted(app: App, charts: number): { runs: number } {
    const count = { runs: 0 };
    for (let i = 0; i < charts; i++) {
      const chart = new Chart(app, `c${i}`);
      const holder = new Construct(chart, 'holder');
      holder.node.addValidation({ validate: () => { count.runs++; return []; } });
      new ApiObject(holder, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } });
    }
    return count;
  }

  test('each validation runs once per synth in a DaemonsApp, and in a cdk8s App the library scoped; in another App, once and once more per chart', () => {
    const plain = Testing.app();
    const plainCount = counted(plain, 3);
    const fast = new DaemonsApp();
    const fastCount = counted(fast, 3);
    const yaml = plain.synthYaml();
    expect(plainCount.runs).toBe(3 * 4);
    expect(fast.synthYaml()).toBe(yaml);
    expect(fastCount.runs).toBe(3);
    // a cdk8s App holding a construct of the library: its synths are scoped (AppIndex), so one pass too
    const scoped = Testing.app();
    const scopedCount = counted(scoped, 3);
    new NodeDaemon(new Chart(scoped, 'agents'), 'agent', { image: 'example.com/agent:1.0' });
    const fastToo = new DaemonsApp();
    counted(fastToo, 3);
    new NodeDaemon(new Chart(fastToo, 'agents'), 'agent', { image: 'example.com/agent:1.0' });
    expect(scoped.synthYaml()).toBe(fastToo.synthYaml());
    expect(scopedCount.runs).toBe(3);
    // App's own method, outside the scope: cdk8s's passes for every chart (4 charts now), the same YAML
    expect(App.prototype.synthYaml.call(scoped)).toBe(fastToo.synthYaml());
    expect(scopedCount.runs).toBe(3 + 3 * 5);
  });

  test('cdk8s\'s renderer is back after a synth and after one that throws; outside a synth, chart.toJson() validates as cdk8s does', () => {
    expect((App as any)._synthChart).toBe(ORIGINAL_SYNTH_CHART);
    const app = new DaemonsApp();
    const count = counted(app, 2);
    app.synthYaml();
    expect(count.runs).toBe(2);
    expect((App as any)._synthChart).toBe(ORIGINAL_SYNTH_CHART);
    // outside a synth: cdk8s's own way, the whole app validated for the chart
    (app.node.children[0] as Chart).toJson();
    expect(count.runs).toBe(4);

    const broken = new DaemonsApp();
    const chart = new Chart(broken, 'c');
    new NodeDaemon(chart, 'one', { name: 'same', image: 'example.com/a:1' });
    new NodeDaemon(chart, 'two', { name: 'same', image: 'example.com/a:1' });
    expect(() => broken.synthYaml()).toThrow(/same/);
    expect((App as any)._synthChart).toBe(ORIGINAL_SYNTH_CHART);
  });

  test('a cdk8s whose App._synthChart takes other arguments is left alone: its own renderer runs for every chart', () => {
    const statics = App as any;
    const calls: string[] = [];
    const other = function (this: unknown, chart: Chart, _more: unknown) { calls.push(chart.node.id); return ORIGINAL_SYNTH_CHART.call(App, chart); };
    statics._synthChart = other;
    try {
      const app = new DaemonsApp();
      const count = counted(app, 2);
      app.synthYaml();
      expect(calls).toEqual(['c0', 'c1']);
      expect(count.runs).toBe(2 * 3);
      expect(statics._synthChart).toBe(other);
    } finally {
      statics._synthChart = ORIGINAL_SYNTH_CHART;
    }
  });

  test('a chart of another app, rendered during a DaemonsApp synth, goes cdk8s\'s way', () => {
    const other = Testing.app();
    const otherCount = counted(other, 1);
    const app = new DaemonsApp();
    const chart = new Chart(app, 'c');
    let rendered: any[] = [];
    // a validation that renders a chart of another app while the DaemonsApp synthesizes
    chart.node.addValidation({ validate: () => { rendered = (other.node.children[0] as Chart).toJson(); return []; } });
    app.synthYaml();
    expect(rendered.map(o => o.metadata.name)).toEqual(['cm-0']);
    expect(otherCount.runs).toBe(1);
  });
});

describe('DaemonsApp and the app index', () => {
  test('a DaemonsApp synth builds the index once; the next synth builds it again and sees changes', () => {
    const app = new DaemonsApp();
    const charts = [0, 1, 2].map(i => new Chart(app, `c${i}`));
    charts.forEach((c, i) => new NodeDaemon(c, 'agent', { image: 'example.com/a:1', name: `agent-${i}`, namespace: 'ops', ports: [{ name: 'm', number: 9100 + i }], hostNetwork: true }));
    expect(() => app.synthYaml()).not.toThrow();
    // a change between synths: a fourth daemon binds a host port another binds on the same nodes
    new NodeDaemon(charts[0], 'clash', { image: 'example.com/a:1', name: 'clash', namespace: 'ops', ports: [{ name: 'm', number: 9101 }], hostNetwork: true });
    expect(() => app.synthYaml()).toThrow(/9101/);
  });
});
