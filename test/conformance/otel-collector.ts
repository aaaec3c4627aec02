/* eslint-disable no-console */
/**
 * The OpenTelemetry Collector as the judge of the LogCollector's OpenTelemetry engine (`npx projen
 * conformance`): builds a collector from Go modules with the OpenTelemetry Collector Builder
 * (conformance/otelcol/builder.yaml: the components the generated configuration uses, one release),
 * then runs `validate --config` on every configuration of a set of LogCollectors: fixed cases for
 * each option and output, and random props. The collector's configuration loading is strict
 * (unknown keys, bad values, missing components fail), and a deliberately broken configuration is
 * checked to fail, so a pass means something. Needs Go; fails, never skips, without it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  ContainerRuntime, DaemonNamespace, KubernetesMetadata, LogCollector, LogCollectorProps, LogEngine, LogOutput, LogSecret, MultilineLanguage,
} from '../../src';

const REPO = path.resolve(__dirname, '..', '..');
const BUILDER = 'go.opentelemetry.io/collector/cmd/builder@v0.160.0';

function buildCollector(work: string): string {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) { throw new Error('no Go toolchain on PATH: install Go (the collector is built from the Go module proxy)'); }
  const started = Date.now();
  const bin = path.join(work, 'bin');
  const install = spawnSync('go', ['install', BUILDER], { env: { ...process.env, GOBIN: bin }, encoding: 'utf8' });
  if (install.status !== 0) { throw new Error(`go install ${BUILDER} failed:\n${install.stderr}`); }
  const config = fs.readFileSync(path.join(REPO, 'conformance', 'otelcol', 'builder.yaml'), 'utf8')
    .replace('output_path: ./build', `output_path: ${path.join(work, 'build')}`);
  fs.writeFileSync(path.join(work, 'builder.yaml'), config);
  const build = spawnSync(path.join(bin, 'builder'), [`--config=${path.join(work, 'builder.yaml')}`], { encoding: 'utf8' });
  if (build.status !== 0) { throw new Error(`the OpenTelemetry Collector Builder failed:\n${build.stdout}${build.stderr}`); }
  const collector = path.join(work, 'build', 'otelcol-cdk8s-daemons');
  console.log(`otelcol: built with ${BUILDER} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return collector;
}

/** The collector's verdict on one configuration: '' when valid, else its error. */
function validate(collector: string, file: string, env: { [name: string]: string }): string {
  const r = spawnSync(collector, ['validate', `--config=${file}`], { env: { ...process.env, NODE_NAME: 'node-a', ...env }, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim().split('\n').slice(-3).join(' ');
}

/** A LogCollector with the OpenTelemetry engine, and its generated configuration and credential variables. */
function configOf(props: LogCollectorProps): { text: string; env: { [name: string]: string } } {
  const chart = Testing.chart();
  const collector = new LogCollector(new DaemonNamespace(chart, 'logging'), 'otel', { engine: LogEngine.openTelemetry(), ...props });
  const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');
  const env: { [name: string]: string } = {};
  for (const e of ds.spec.template.spec.containers[0].env ?? []) { if (e.valueFrom?.secretKeyRef) { env[e.name] = 'secret-value'; } }
  return { text: collector.configFiles['config.yaml'], env };
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-otelcol-'));
  try {
    const collector = buildCollector(work);
    const token = () => LogSecret.fromSecret(kplus.Secret.fromSecretName(Testing.chart(), 'T', 'otlp-token'), 'token');
    const cases: Array<[string, LogCollectorProps]> = [
      ['defaults (stdout)', {}],
      ['OTLP gRPC with a bearer token', { outputs: [LogOutput.otlp({ host: 'otel-gateway.observability.svc', bearerToken: token() })] }],
      ['OTLP/HTTP with TLS and a base path', { outputs: [LogOutput.otlpHttp({ host: 'otel.example.com', tls: true, path: '/ingest' })] }],
      ['OTLP/HTTP with TLS, not verified', { outputs: [LogOutput.otlpHttp({ host: 'otel.example.com', tls: true, tlsVerify: false })] }],
      ['Loki (its OTLP endpoint) with a tenant and a token', { outputs: [LogOutput.loki({ host: 'loki-gateway.logging.svc', port: 80, tenantId: 'team-a', bearerToken: token() })] }],
      ['every output at once', { outputs: [LogOutput.otlp({ host: 'a.svc' }), LogOutput.otlpHttp({ host: 'b.svc' }), LogOutput.loki({ host: 'c.svc' }), LogOutput.stdout()] }],
      ['Docker nodes, from the head, no positions, no metadata, no multiline', {
        runtime: ContainerRuntime.DOCKER, readFromHead: false, positionDatabase: false, kubernetesMetadata: KubernetesMetadata.NONE, multiline: [],
      }],
      ['CRI-O nodes, read from the head with positions', { runtime: ContainerRuntime.CRIO, readFromHead: true }],
      ['a small memory limit', { resources: { memoryLimit: '64Mi', memoryRequest: '64Mi' } }],
      ['the smallest memory limit LogCollector accepts (2.5 MiB: limit_mib 2 above spike_limit_mib 1)', { resources: { memoryLimit: '2560Ki', memoryRequest: '1Mi' } }],
    ];
    const random = fc.sample(fc.record({
      runtime: fc.constantFrom(ContainerRuntime.CONTAINERD, ContainerRuntime.CRIO, ContainerRuntime.DOCKER),
      metadata: fc.constantFrom(KubernetesMetadata.API_SERVER, KubernetesMetadata.NONE),
      multiline: fc.subarray([MultilineLanguage.JAVA, MultilineLanguage.PYTHON, MultilineLanguage.GO]),
      readFromHead: fc.boolean(),
      memory: fc.constantFrom('64Mi', '200Mi', '1Gi', '3Gi'),
      tls: fc.boolean(),
      port: fc.integer({ min: 1, max: 65535 }),
    }), { seed: 20261202, numRuns: 40 }).map((p, i) => [`random props #${i}`, {
      runtime: p.runtime,
      kubernetesMetadata: p.metadata,
      multiline: p.multiline,
      readFromHead: p.readFromHead,
      resources: { memoryLimit: p.memory, memoryRequest: p.memory },
      outputs: [LogOutput.otlpHttp({ host: 'collector.svc', port: p.port, tls: p.tls }), LogOutput.otlp({ host: 'collector.svc', tls: p.tls })],
    }] as [string, LogCollectorProps]);

    let failed = 0;
    let checked = 0;
    for (const [name, props] of [...cases, ...random]) {
      const { text, env } = configOf(props);
      const file = path.join(work, `config-${checked}.yaml`);
      fs.writeFileSync(file, text);
      const verdict = validate(collector, file, env);
      checked++;
      if (verdict) {
        failed++;
        console.log(`FAIL ${name}: ${verdict}`);
      }
    }
    // every configuration the test suite generates: the suite runs once more, recording its manifests
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-daemons-recorded-otel-'));
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--coverage=false', '--silent', 'test/log-collector.test.ts'], {
      cwd: REPO, env: { ...process.env, CDK8S_DAEMONS_RECORD: dir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (jest.status !== 0) { throw new Error(`the log collector tests failed while recording their output:\n${jest.stderr.slice(-2000)}`); }
    const seen = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const text = line ? JSON.parse(line).object?.data?.['config.yaml'] : undefined;
        if (typeof text === 'string' && text.includes('file_log:')) { seen.add(text); }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    let fromSuite = 0;
    for (const text of seen) {
      const file = path.join(work, `suite-${fromSuite++}.yaml`);
      fs.writeFileSync(file, text);
      const env = Object.fromEntries([...text.matchAll(/\$\{env:([A-Z0-9_]+)\}/g)].map(m => [m[1], 'secret-value']));
      const verdict = validate(collector, file, env);
      checked++;
      if (verdict) {
        failed++;
        console.log(`FAIL a configuration the test suite generates: ${verdict}`);
      }
    }
    if (fromSuite === 0) {
      failed++;
      console.log('FAIL the test suite generated no OpenTelemetry configuration to validate');
    }

    // the judge can say no: a configuration with an unknown key must fail
    const broken = path.join(work, 'broken.yaml');
    fs.writeFileSync(broken, configOf({}).text.replace('create_directory: true', 'create_directories: true'));
    const refusal = validate(collector, broken, {});
    if (!refusal.includes('create_directories')) {
      failed++;
      console.log(`FAIL the collector accepted a configuration with an unknown key (${refusal || 'valid'})`);
    }
    // and the rule LogCollector enforces below 2.5 MiB is the collector's: a limit not above the spike limit fails
    const spike = path.join(work, 'spike.yaml');
    fs.writeFileSync(spike, configOf({ resources: { memoryLimit: '2560Ki', memoryRequest: '1Mi' } }).text.replace(/^(\s+)limit_mib: 2$/m, '$1limit_mib: 1'));
    const spikeRefusal = validate(collector, spike, {});
    if (!spikeRefusal.includes('spike_limit_mib')) {
      failed++;
      console.log(`FAIL the collector accepted memory_limiter with limit_mib 1 and spike_limit_mib 1 (${spikeRefusal || 'valid'})`);
    }
    console.log(`otelcol: ${checked - failed} of ${checked} generated configurations valid for the collector (${cases.length} cases, ${random.length} random props,`
      + ` ${fromSuite} distinct ones the test suite generates); an unknown key, and a limit_mib not above spike_limit_mib, are refused`);
    if (failed) { throw new Error(`${failed} configuration(s) the collector refuses`); }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e: any) {
  console.error(`otel collector conformance: ${e.message}`);
  process.exit(1);
}
