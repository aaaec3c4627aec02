/* eslint-disable no-console */
// Times `app.synthYaml()` of one chart with N NodeDaemons (each exposed by a Service) against a floor: the
// same documents as plain cdk8s ApiObjects holding literal JSON. Every measurement runs in a fresh node
// process (this file, compiled once, with `--child <mode> <N>`), which times only construct creation plus
// synthYaml and prints its own figures as JSON. Prints a table; it asserts nothing (speed is measured
// here, never in tests), but says so and exits non-zero when the two modes' YAML differ.
//
//   npx projen bench                                     (all benchmarks)
//   TS_NODE_PROJECT=benchmarks/tsconfig.json node -r ts-node/register benchmarks/synth.ts [N...]
//   npx projen bench:instructions [N...]   (instruction counts under valgrind: the same on a busy machine)
//
// Only NodeDaemon(scope, id, { image, namespace, ports }) and exposeViaService() are used, so that the
// benchmark keeps working while the rest of the API evolves.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { lineChart } from './plot';

/** The figure the README shows, rewritten by every full run. */
const PLOT = path.resolve(__dirname, '..', 'docs', 'synth-benchmark.png');

/** ours: our constructs in a DaemonsApp (our YAML writer); ours-app: the same constructs in cdk8s's App. */
type Mode = 'ours' | 'ours-app' | 'kplus' | 'floor' | 'floor-wrapped' | 'ours-charts' | 'ours-app-charts' | 'floor-charts' | 'floor-wrapped-charts'
  | 'monitoring' | 'logging' | 'app';
const MODES: Mode[] = ['ours', 'ours-app', 'kplus', 'floor'];
/** The same documents with one chart per daemon (GitOps repositories hold many charts): ours in a DaemonsApp and in a cdk8s App, and the floor. */
const CHART_MODES: Mode[] = ['ours-charts', 'ours-app-charts', 'floor-charts'];
const CHART_SIZES = [100, 400, 1000];
/** The presets, timed on their own at one size. */
const PRESETS: Mode[] = ['monitoring', 'logging', 'app'];
const PRESET_N = 500;
/** The floor's documents in a wrapping construct each (instruction counts only). */
const WRAPPED_MODES: Mode[] = ['floor-wrapped', 'floor-wrapped-charts'];
const DEFAULT_SIZES = [250, 500, 1000, 2000];
const REPETITIONS = 5;

/** What a child prints: its timing and memory figures. */
interface ChildResult {
  readonly mode: Mode;
  readonly n: number;
  /** Construct creation plus synthYaml, in milliseconds. */
  readonly ms: number;
  /** Construct creation alone. */
  readonly constructMs: number;
  /** RSS when the timed region started (modules loaded, input read), MB. */
  readonly baseRssMb: number;
  /** Peak RSS of the whole process (getrusage maxrss), MB. */
  readonly peakRssMb: number;
  /** Largest heapUsed sampled (after construct creation, after synthYaml) above the heap at the start, MB. */
  readonly heapMb: number;
  readonly documents: number;
  readonly yamlBytes: number;
}

/** The library, loaded only where it is used, so the floor child never loads it. */
function library(): typeof import('../src') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../src');
}

/** The 'ours' app: N daemons with a metrics port, each exposed by a Service, in a DaemonsApp (or a cdk8s App). */
function oursApp(n: number, cdk8sApp = false, chartPerDaemon = false): App {
  const { NodeDaemon, DaemonsApp } = library();
  const app = cdk8sApp ? new App() : new DaemonsApp();
  let chart = new Chart(app, 'bench');
  for (let i = 0; i < n; i++) {
    if (chartPerDaemon) { chart = new Chart(app, `bench${i}`); }
    new NodeDaemon(chart, `d${i}`, {
      image: 'example.com/agent:1.0',
      namespace: 'agents',
      ports: [{ name: 'metrics', number: 9100 }],
    }).exposeViaService();
  }
  return app;
}

/**
 * The 'kplus' app: the same documents made with cdk8s-plus-27's ServiceAccount, DaemonSet and
 * Service, plus what they need to reach the same output: the metadata given as props, and the specs
 * (which cdk8s-plus shapes its own way: a hash selector, its container defaults) replaced by JSON patch.
 * cdk8s runs the typed conversion of the Kube* classes after the patches, which drops int-or-string
 * and quantity fields given as plain values (the trap DESIGN.md describes), so those go into the
 * patch as the typed values the conversion expects.
 */
function kplusApp(documents: any[]): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kplus: typeof import('cdk8s-plus-27') = require('cdk8s-plus-27');
  const { k8s } = kplus;
  const intOrString = (v: number | string) => typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
  const quantities = (q: { [k: string]: string } | undefined) =>
    q && Object.fromEntries(Object.entries(q).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  const app = new App();
  const chart = new Chart(app, 'bench');
  documents.forEach((doc, i) => {
    const metadata = doc.metadata;
    if (doc.kind === 'ServiceAccount') {
      new kplus.ServiceAccount(chart, `sa${i}`, { metadata, automountToken: doc.automountServiceAccountToken });
    } else if (doc.kind === 'DaemonSet') {
      const container = doc.spec.template.spec.containers[0];
      const resource = new kplus.DaemonSet(chart, `ds${i}`, {
        metadata,
        containers: [{
          name: container.name, image: container.image, ports: container.ports.map((p: any) => ({ name: p.name, number: p.containerPort })),
        }],
      });
      const spec = structuredClone(doc.spec);
      for (const c of spec.template.spec.containers) {
        if (c.resources) { c.resources = { limits: quantities(c.resources.limits), requests: quantities(c.resources.requests) }; }
      }
      const ru = spec.updateStrategy?.rollingUpdate;
      if (ru) { spec.updateStrategy.rollingUpdate = { maxSurge: intOrString(ru.maxSurge), maxUnavailable: intOrString(ru.maxUnavailable) }; }
      ApiObject.of(resource).addJsonPatch(JsonPatch.replace('/spec', spec));
    } else {
      const resource = new kplus.Service(chart, `svc${i}`, { metadata, ports: doc.spec.ports.map((p: any) => ({ name: p.name, port: p.port })) });
      const ports = doc.spec.ports.map((p: any) => ({ ...p, targetPort: p.targetPort === undefined ? undefined : intOrString(p.targetPort) }));
      const spec = { ...doc.spec, ports };
      ApiObject.of(resource).addJsonPatch(JsonPatch.replace('/spec', spec));
    }
  });
  return app;
}

/**
 * The floor's documents in the tree shape a construct library gives cdk8s to walk: each daemon's three
 * objects (ServiceAccount, DaemonSet, Service) as three subclasses of ApiObject inside one plain
 * construct, as ours are inside a NodeDaemon. Same literal JSON, no models, no checks, cdk8s's writer:
 * what the extra tree level and classes alone cost in cdk8s's walks (it visits every construct for
 * every chart it renders).
 */
class WrappedServiceAccount extends ApiObject {}
class WrappedDaemonSet extends ApiObject {}
class WrappedService extends ApiObject {}
const WRAPPED = [WrappedServiceAccount, WrappedDaemonSet, WrappedService];
function wrappedFloorApp(documents: any[], chartPerDaemon: boolean): App {
  const app = new App();
  let chart = new Chart(app, 'bench');
  let daemon: Construct | undefined;
  documents.forEach((obj, i) => {
    if (i % 3 === 0) {
      if (chartPerDaemon) { chart = new Chart(app, `bench${i / 3}`); }
      daemon = new Construct(chart, `d${i / 3}`);
    }
    new WRAPPED[i % 3](daemon!, `o${i}`, obj);
  });
  return app;
}

/** N of one preset, each in a namespace of its own (exporters off the host network, so no host port is shared). */
function presetApp(mode: Mode, n: number): App {
  const { MonitoringDaemon, LogCollector, LogOutput, NodeScopedApp } = library();
  const app = new (library().DaemonsApp)();
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < n; i++) {
    const namespace = `ns${i}`;
    if (mode === 'monitoring') {
      new MonitoringDaemon(chart, `m${i}`, { name: `exporter-${i}`, namespace, hostNetwork: false, serviceMonitor: {} });
    } else if (mode === 'logging') {
      new LogCollector(chart, `l${i}`, { name: `collector-${i}`, namespace, outputs: [LogOutput.loki({ host: 'loki.logging.svc' })] });
    } else {
      new NodeScopedApp(chart, `a${i}`, { name: `app-${i}`, namespace, image: 'example.com/app:1.0', ports: [{ name: 'http', number: 8080 }], services: [{}] });
    }
  }
  return app;
}

function parseDocuments(yaml: string): any[] {
  return YAML.parseAllDocuments(yaml).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

const mb = (bytes: number) => bytes / 2 ** 20;

function child(mode: Mode, n: number, floorJson: string | undefined, yamlOut: string | undefined): void {
  // Everything the timed region needs is loaded and read first.
  const ourMode = mode === 'ours' || mode === 'ours-app' || mode === 'ours-charts' || mode === 'ours-app-charts' || PRESETS.includes(mode);
  const documents: any[] = ourMode ? [] : JSON.parse(fs.readFileSync(floorJson!, 'utf8'));
  if (ourMode) { library(); }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (mode === 'kplus') { require('cdk8s-plus-27'); }

  global.gc?.();
  const base = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  let app: App;
  if (mode === 'ours' || mode === 'ours-app' || mode === 'ours-charts' || mode === 'ours-app-charts') {
    app = oursApp(n, mode === 'ours-app' || mode === 'ours-app-charts', mode === 'ours-charts' || mode === 'ours-app-charts');
  } else if (mode === 'floor-charts') {
    app = new App();
    // a chart per daemon: its ServiceAccount, DaemonSet and Service, in that order in the documents
    let chart: Chart | undefined;
    documents.forEach((obj, i) => {
      if (i % 3 === 0) { chart = new Chart(app, `bench${i / 3}`); }
      new ApiObject(chart!, `o${i}`, obj);
    });
  } else if (mode === 'floor-wrapped' || mode === 'floor-wrapped-charts') {
    app = wrappedFloorApp(documents, mode === 'floor-wrapped-charts');
  } else if (PRESETS.includes(mode)) {
    app = presetApp(mode, n);
  } else if (mode === 'kplus') {
    app = kplusApp(documents);
  } else {
    app = new App();
    const chart = new Chart(app, 'bench');
    documents.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
  }
  const t1 = process.hrtime.bigint();
  const heapAfterConstructs = process.memoryUsage().heapUsed;
  const yaml = app.synthYaml();
  const t2 = process.hrtime.bigint();
  const heapAfterSynth = process.memoryUsage().heapUsed;

  if (yamlOut) { fs.writeFileSync(yamlOut, yaml); }
  const result: ChildResult = {
    mode,
    n,
    ms: Number(t2 - t0) / 1e6,
    constructMs: Number(t1 - t0) / 1e6,
    baseRssMb: mb(base.rss),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: mb(Math.max(heapAfterConstructs, heapAfterSynth) - base.heapUsed),
    documents: mode === 'kplus' || mode === 'floor' ? documents.length : -1,
    yamlBytes: Buffer.byteLength(yaml),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Compiles this file and the library once to plain JavaScript, so children start without ts-node. */
function compile(outDir: string): string {
  const repo = path.resolve(__dirname, '..');
  const tsc = spawnSync(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p', path.join(repo, 'benchmarks', 'tsconfig.json'),
    '--noEmit', 'false', '--outDir', outDir, '--noEmitOnError', 'false',
    '--declaration', 'false', '--inlineSourceMap', 'false', '--inlineSources', 'false', '--incremental', 'false',
  ], { cwd: repo, encoding: 'utf8' });
  const entry = path.join(outDir, 'benchmarks', 'synth.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`tsc did not emit ${entry}:\n${tsc.stdout}${tsc.stderr}`);
  }
  // the compiled files resolve cdk8s, cdk8s-plus-27 and yaml from the repository's node_modules
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  return entry;
}

function runChild(entry: string, mode: Mode, n: number, floorJson: string, yamlOut?: string): ChildResult {
  const args = ['--expose-gc', entry, '--child', mode, String(n), '--floor-json', floorJson];
  if (yamlOut) { args.push('--yaml-out', yamlOut); }
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) {
    throw new Error(`child ${mode} ${n} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Where two document lists first differ, or undefined when they are equal. */
function firstDifference(a: any[], b: any[]): string | undefined {
  if (a.length !== b.length) { return `${a.length} vs ${b.length} documents`; }
  const i = a.findIndex((doc, j) => !isDeepStrictEqual(doc, b[j]));
  return i < 0 ? undefined : `document ${i} (${a[i]?.kind} ${a[i]?.metadata?.name}) differs`;
}

function parent(sizes: number[]): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-synth-bench-'));
  try {
    const entry = compile(path.join(work, 'build'));
    coldImports(entry);
    console.log('synthYaml: N NodeDaemons (+ a Service each) in a DaemonsApp (ours) and in a cdk8s App (ours/App), the same documents with'
      + ` cdk8s-plus-27 (+ JSON patches to reach them), and as plain ApiObjects in a cdk8s App (the floor); median of ${REPETITIONS} fresh processes`
      + ` (node ${process.version}, ${os.cpus().length} cores). Peak = process max RSS; base = RSS when timing starts; heap = heapUsed growth (sampled).`);
    console.log('N      docs   ours ms  ours/App ms  kplus ms  floor ms  ours/floor  ours/App/floor  kplus/floor  ours peak MB  kplus peak MB  floor peak MB  ours base/heap MB  ours us/daemon');
    const rows: { n: number; ms: { [mode: string]: number } }[] = [];
    let previous: { n: number; ms: number } | undefined;
    for (const n of sizes) {
      // The floor's input: the 'ours' YAML, synthesized here, outside every timed region.
      const expected = parseDocuments(oursApp(n).synthYaml());
      const floorJson = path.join(work, `floor-${n}.json`);
      fs.writeFileSync(floorJson, JSON.stringify(expected));

      const results: { [mode: string]: ChildResult[] } = { 'ours': [], 'ours-app': [], 'kplus': [], 'floor': [] };
      const yamlOf: { [mode: string]: string } = {};
      for (let rep = 0; rep < REPETITIONS; rep++) {
        for (const mode of MODES) { // interleaved, so drift on the machine affects both alike
          const yamlOut = rep === 0 ? path.join(work, `${mode}-${n}.yaml`) : undefined;
          results[mode].push(runChild(entry, mode, n, floorJson, yamlOut));
          if (yamlOut) { yamlOf[mode] = yamlOut; }
        }
      }

      // Every mode must have produced the same documents (parsed, deep-compared), once per N.
      const ours = parseDocuments(fs.readFileSync(yamlOf.ours, 'utf8'));
      for (const mode of MODES) {
        const difference = firstDifference(ours, parseDocuments(fs.readFileSync(yamlOf[mode], 'utf8'))) ?? firstDifference(ours, expected);
        if (difference) {
          console.log(`N=${n}: the YAML of '${mode}' differs from ours: ${difference}; the figures below compare different work`);
          process.exitCode = 1;
        }
      }

      const m = (mode: Mode, key: keyof ChildResult) => median(results[mode].map(r => r[key] as number));
      const oursMs = m('ours', 'ms');
      const oursAppMs = m('ours-app', 'ms');
      const kplusMs = m('kplus', 'ms');
      const floorMs = m('floor', 'ms');
      rows.push({ n, ms: { 'ours': oursMs, 'ours-app': oursAppMs, 'kplus': kplusMs, 'floor': floorMs } });
      const growth = previous ? `   (x${(oursMs / previous.ms).toFixed(2)} for x${(n / previous.n).toFixed(1)} daemons)` : '';
      console.log([
        String(n).padEnd(6),
        String(ours.length).padEnd(5),
        oursMs.toFixed(0).padStart(8),
        oursAppMs.toFixed(0).padStart(12),
        kplusMs.toFixed(0).padStart(9),
        floorMs.toFixed(0).padStart(9),
        (oursMs / floorMs).toFixed(2).padStart(11),
        (oursAppMs / floorMs).toFixed(2).padStart(15),
        (kplusMs / floorMs).toFixed(2).padStart(12),
        m('ours', 'peakRssMb').toFixed(0).padStart(13),
        m('kplus', 'peakRssMb').toFixed(0).padStart(14),
        m('floor', 'peakRssMb').toFixed(0).padStart(14),
        `${m('ours', 'baseRssMb').toFixed(0)}/${m('ours', 'heapMb').toFixed(0)}`.padStart(18),
        ((oursMs * 1000) / n).toFixed(0).padStart(15),
      ].join(' ') + growth);
      previous = { n, ms: oursMs };
    }
    if (rows.length > 1) {
      const series = (name: string, mode: Mode, color: [number, number, number]) =>
        ({ name, color, points: rows.map(r => [r.n, r.ms[mode]] as [number, number]) });
      fs.mkdirSync(path.dirname(PLOT), { recursive: true });
      fs.writeFileSync(PLOT, lineChart(`synthYaml time against N, median of ${REPETITIONS} fresh processes, ${os.cpus().length} cores`, 'N daemons (DaemonSet, Service, ServiceAccount each)', 'ms', [
        series('ours (DaemonsApp)', 'ours', [0, 114, 178]),
        series('ours (cdk8s App)', 'ours-app', [86, 180, 233]),
        series('cdk8s-plus-27', 'kplus', [213, 94, 0]),
        series('floor (ApiObjects, cdk8s App)', 'floor', [80, 80, 80]),
      ]));
      console.log(`plot: ${path.relative(process.cwd(), PLOT)}`);
    }
    // One chart per daemon: cdk8s validates the whole app again for every chart it renders.
    console.log(`one chart per daemon (cdk8s validates the whole app once more for each chart it renders), median of ${REPETITIONS}:`);
    for (const n of CHART_SIZES) {
      const floorJson = path.join(work, `charts-${n}.json`);
      const expected = parseDocuments(oursApp(n).synthYaml());
      fs.writeFileSync(floorJson, JSON.stringify(expected));
      const ms: { [mode: string]: number[] } = {};
      for (let rep = 0; rep < REPETITIONS; rep++) {
        for (const mode of CHART_MODES) {
          const yamlOut = path.join(work, `${mode}-${n}.yaml`);
          (ms[mode] ??= []).push(runChild(entry, mode, n, floorJson, rep === 0 ? yamlOut : undefined).ms);
          if (rep === 0) {
            const difference = firstDifference(expected, parseDocuments(fs.readFileSync(yamlOut, 'utf8')));
            if (difference) { console.log(`  ${mode} ${n}: the YAML differs: ${difference}`); process.exitCode = 1; }
          }
        }
      }
      const ours = median(ms['ours-charts']); const oursInApp = median(ms['ours-app-charts']); const floor = median(ms['floor-charts']);
      console.log(`  ${String(n).padEnd(5)} charts: ours (DaemonsApp) ${ours.toFixed(0).padStart(6)} ms, ours (cdk8s App) ${oursInApp.toFixed(0).padStart(6)} ms,`
        + ` floor (cdk8s App) ${floor.toFixed(0).padStart(6)} ms, ratios ${(ours / floor).toFixed(2)} and ${(oursInApp / floor).toFixed(2)}`);
    }

    // The presets at one size, each on its own: what a GitOps repository of many charts pays per daemon.
    const floorJson = path.join(work, 'unused.json');
    fs.writeFileSync(floorJson, '[]');
    console.log(`presets at N = ${PRESET_N} (each with what it adds: ServiceMonitor, ConfigMap and RBAC, Service), median of ${REPETITIONS}:`);
    for (const mode of PRESETS) {
      const runs = Array.from({ length: REPETITIONS }, () => runChild(entry, mode, PRESET_N, floorJson));
      const ms = median(runs.map(r => r.ms));
      console.log(`  ${mode.padEnd(11)} ${ms.toFixed(0).padStart(6)} ms   ${((ms * 1000) / PRESET_N).toFixed(0).padStart(5)} us/daemon   peak ${median(runs.map(r => r.peakRssMb)).toFixed(0)} MB`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Cold `require` time of our package as shipped (lib/, which `npx projen bench` compiles first) against
 * cdk8s-plus-27's (which ours loads too): 15 fresh-process rounds, interleaved so that drift on the
 * machine touches all alike; medians of the times and of the ratios per round. Our index loads a module
 * on first use of one of its exports, so ours is timed with first uses: NodeDaemon (what every app
 * touches first), and every export.
 */
function coldImports(entry: string): void {
  const shipped = path.resolve(__dirname, '..', 'lib', 'index.js');
  const lib = fs.existsSync(shipped) ? shipped : path.join(path.dirname(entry), '..', 'src', 'index.js');
  const time = (module: string, use: string) => {
    const script = `const t=process.hrtime.bigint();const m=require(${JSON.stringify(module)});${use};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    return Number(spawnSync(process.execPath, ['-e', script], { cwd: path.dirname(entry), encoding: 'utf8' }).stdout);
  };
  const rounds = Array.from({ length: 15 }, () => ({
    nodeDaemon: time(lib, 'm.NodeDaemon'),
    everything: time(lib, 'Object.keys(m).forEach(k => m[k])'),
    kplus: time(require.resolve('cdk8s-plus-27'), ''),
  }));
  const med = (f: (r: typeof rounds[0]) => number) => median(rounds.map(f));
  console.log(`cold require of ${path.relative(process.cwd(), lib)} (median of 15 rounds; ours includes cdk8s-plus-27 and cdk8s): cdk8s-plus-27 ${med(r => r.kplus).toFixed(0)} ms;`
    + ` ours with NodeDaemon ${med(r => r.nodeDaemon).toFixed(0)} ms (ratio ${med(r => r.nodeDaemon / r.kplus).toFixed(2)}),`
    + ` with every export ${med(r => r.everything).toFixed(0)} ms (ratio ${med(r => r.everything / r.kplus).toFixed(2)})`);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/**
 * Instructions executed by a child under valgrind (callgrind), node in one thread (`--single-threaded`:
 * no concurrent compiler or GC threads), so the count is the same from run to run within about 1%,
 * whatever else the machine is doing; wall-clock figures on a busy 2-core machine vary by 2x.
 */
function instructions(entry: string, mode: Mode, n: number, floorJson: string): number {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', '--expose-gc',
    entry, '--child', mode, String(n), '--floor-json', floorJson], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) { throw new Error(`valgrind ${mode} ${n} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`); }
  return Number(m[1]);
}

/**
 * `synth.ts --instructions [N...]`: the floor, ours in a cdk8s App and ours in a DaemonsApp, as
 * instruction counts net of each mode's start-up (the same mode at N = 1), one chart and one chart per
 * daemon. Needs valgrind (Debian's package); takes minutes (valgrind runs node about 50x slower).
 */
function instructionsParent(sizes: number[]): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-synth-instr-'));
  try {
    const entry = compile(path.join(work, 'build'));
    const floorJsonOf = (n: number) => {
      const file = path.join(work, `floor-${n}.json`);
      if (!fs.existsSync(file)) { fs.writeFileSync(file, JSON.stringify(parseDocuments(oursApp(n).synthYaml()))); }
      return file;
    };
    console.log('instructions (valgrind, node --single-threaded), net of start-up (the same mode at N = 1), in millions; ratio to the floor:');
    const groups: Array<[string, Mode[]]> = [
      ['one chart', ['floor', 'floor-wrapped', 'ours-app', 'ours']],
      ['one chart per daemon', ['floor-charts', 'floor-wrapped-charts', 'ours-app-charts', 'ours-charts']],
    ];
    for (const [label, modes] of groups) {
      const base = Object.fromEntries(modes.map(mode => [mode, instructions(entry, mode, 1, floorJsonOf(1))]));
      for (const n of sizes) {
        const net = modes.map(mode => instructions(entry, mode, n, floorJsonOf(n)) - base[mode]);
        console.log(`  ${label}, N = ${n}: ` + modes.map((mode, i) => `${mode} ${(net[i] / 1e6).toFixed(0)}M (${(net[i] / net[0]).toFixed(2)})`).join(', '));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--instructions') {
  const sizes = argv.slice(1).map(Number).filter(n => Number.isInteger(n) && n > 0);
  instructionsParent(sizes.length ? sizes : [250]);
} else if (argv[0] === '--child') {
  const mode = argv[1] as Mode;
  if (![...MODES, ...CHART_MODES, ...PRESETS, ...WRAPPED_MODES].includes(mode)) { throw new Error(`unknown mode '${argv[1]}' (${[...MODES, ...CHART_MODES, ...PRESETS, ...WRAPPED_MODES].join(', ')})`); }
  child(mode, Number(argv[2]), option(argv, '--floor-json'), option(argv, '--yaml-out'));
} else {
  const sizes = argv.map(Number).filter(n => Number.isInteger(n) && n > 0);
  parent(sizes.length ? sizes : DEFAULT_SIZES);
}
