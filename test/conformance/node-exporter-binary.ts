/* eslint-disable no-console */
/**
 * Conformance of MonitoringDaemon with a real node-exporter (`npx projen conformance`): starts the
 * node-exporter binary (Debian's prometheus-node-exporter package) with the arguments MonitoringDaemon
 * generates, adapted only in the listen address (a free loopback port) and the host paths (the node's
 * own /proc, /sys and /, which the pod sees under /host), then scrapes /metrics. A flag node-exporter
 * does not accept makes it exit, and the check fails with its message. Not part of `npx projen test`:
 * it needs the binary (apt-get install -y prometheus-node-exporter), and fails, never skips, without it.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { MonitoringDaemon, MonitoringDaemonProps, TextfileCollector } from '../../src';
import { COLLECTORS_SINCE, NODE_EXPORTER_COLLECTORS, NODE_EXPORTER_VERSION } from '../../src/node-exporter-collectors';

const BINARIES = ['prometheus-node-exporter', 'node_exporter'];

/** The node-exporter binary on PATH, or a failure that says how to install it. */
function findBinary(): string {
  for (const name of BINARIES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) { return found.stdout.trim(); }
  }
  throw new Error(`no node-exporter binary on PATH (looked for ${BINARIES.join(', ')}). Install Debian's package: apt-get update && apt-get install -y prometheus-node-exporter`);
}

/** The args MonitoringDaemon writes for the node-exporter container. */
function generatedArgs(props: MonitoringDaemonProps): string[] {
  const chart = Testing.chart();
  new MonitoringDaemon(chart, 'node-exporter', { namespace: 'monitoring', ...props });
  const ds = Testing.synth(chart).find(m => m.kind === 'DaemonSet');
  return ds.spec.template.spec.containers[0].args;
}

/** The same args for a process on this machine: loopback `port`, the node's own paths, `textfileDir` for the textfile collector. */
function adapt(args: string[], port: number, textfileDir?: string): string[] {
  return args.map(arg => {
    const [flag] = arg.split('=');
    switch (flag) {
      case '--web.listen-address': return `--web.listen-address=127.0.0.1:${port}`;
      case '--path.procfs': return '--path.procfs=/proc';
      case '--path.sysfs': return '--path.sysfs=/sys';
      case '--path.rootfs': return '--path.rootfs=/';
      case '--path.udev.data': return '--path.udev.data=/run/udev/data';
      case '--collector.textfile.directory': return `--collector.textfile.directory=${textfileDir}`;
      default: return arg;
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Runs the binary with `args` and returns the body of /metrics; throws with its output if it exits or never answers. */
async function scrape(binary: string, args: string[], port: number, metricsPath: string): Promise<string> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  let exited: number | null | undefined;
  child.on('exit', code => { exited = code; });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (exited !== undefined) {
        throw new Error(`node-exporter exited with code ${exited} for args ${JSON.stringify(args)}:\n${output}`);
      }
      try {
        const res = await get(`http://127.0.0.1:${port}${metricsPath}`);
        if (res.status === 200) { return res.body; }
        throw new Error(`GET ${metricsPath} answered ${res.status}`);
      } catch (e: any) {
        if (e.code !== 'ECONNREFUSED') { throw e; }
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`node-exporter never answered on 127.0.0.1:${port}:\n${output}`);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Whether version `a` (x.y.z) is at least `b`. */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) { return x[i] > y[i]; }
  }
  return true;
}

interface Case {
  readonly name: string;
  readonly props: MonitoringDaemonProps;
  /** Metric names the scrape must contain. */
  readonly expect: string[];
  /** Sample lines the scrape must not contain (what the excludes leave out). */
  readonly absent?: RegExp[];
}

async function main(): Promise<void> {
  const binary = findBinary();
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  console.log(`node-exporter: ${binary}: ${(version.stdout || version.stderr).split('\n')[0]}`);
  const textfileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'textfile-'));
  fs.writeFileSync(path.join(textfileDir, 'conformance.prom'), '# TYPE cdk8s_daemons_conformance gauge\ncdk8s_daemons_conformance 1\n');

  const cases: Case[] = [
    { name: 'default MonitoringDaemon', props: {}, expect: ['node_exporter_build_info', 'node_uname_info', 'node_boot_time_seconds'] },
    { name: 'behind kube-rbac-proxy (exporter on loopback)', props: { kubeRbacProxy: true }, expect: ['node_exporter_build_info'] },
    {
      name: 'custom: port, path, collectors, textfile directory, extra args',
      props: {
        port: 9101,
        metricsPath: '/node-metrics',
        collectors: ['processes'],
        disabledCollectors: ['wifi', 'hwmon', 'btrfs', 'arp', 'zoneinfo'],
        textfileCollector: TextfileCollector.hostDirectory('/var/lib/node-exporter/textfile'),
        mountPointsExclude: '^/(dev|proc|sys|var/lib/docker/.+)($|/)',
        networkDevicesExclude: '^(veth.*)$',
        extraArgs: ['--web.max-requests=10'],
      },
      expect: ['node_processes_threads', 'cdk8s_daemons_conformance'],
    },
    {
      // the excludes reach the collectors: the loopback device and the root mount, named in them, are gone
      name: 'the network device and mount point excludes take effect',
      props: { networkDevicesExclude: '^(veth.*|lo)$', mountPointsExclude: '^/($|dev|proc|sys)' },
      expect: ['node_exporter_build_info'],
      absent: [/^node_network_[a-z_]+\{[^}]*device="lo"/m, /^node_filesystem_[a-z_]+\{[^}]*mountpoint="\/"/m],
    },
  ];
  let failed = 0;
  // The library's list of collectors (of the version it pins) against the binary's own `--help`: a
  // collector is there exactly when the binary is at least the release that added it.
  const binaryVersion = /version (\d+\.\d+\.\d+)/.exec(version.stdout || version.stderr)?.[1] ?? '0.0.0';
  const help = spawnSync(binary, ['--help'], { encoding: 'utf8' });
  const listed = new Set([...`${help.stdout}${help.stderr}`.matchAll(/^\s+--\[?(?:no-\]?)?collector\.([a-z0-9_]+)\s/gm)].map(m => m[1]));
  const expected = NODE_EXPORTER_COLLECTORS.filter(c => atLeast(binaryVersion, COLLECTORS_SINCE[c] ?? '0.0.0'));
  const absent = expected.filter(c => !listed.has(c));
  const unknown = [...listed].filter(c => !NODE_EXPORTER_COLLECTORS.includes(c)).sort();
  if (absent.length || unknown.length || listed.size === 0) {
    failed++;
    console.log(`FAIL collector list: node-exporter ${binaryVersion} lacks ${absent.join(', ') || 'none'} of ours, and has ${unknown.join(', ') || 'none'} we do not list (${listed.size} listed)`);
  } else {
    const later = NODE_EXPORTER_COLLECTORS.filter(c => !expected.includes(c));
    console.log(`ok   collector list: the ${listed.size} collectors of node-exporter ${binaryVersion} are ours; ${later.join(', ') || 'none'} came later (v${NODE_EXPORTER_VERSION} has ${NODE_EXPORTER_COLLECTORS.length})`);
  }
  for (const c of cases) {
    const port = await freePort();
    const generated = generatedArgs(c.props);
    const args = adapt(generated, port, textfileDir);
    try {
      const body = await scrape(binary, args, port, c.props.metricsPath ?? '/metrics');
      const missing = c.expect.filter(m => !new RegExp(`^${m}[{ ]`, 'm').test(body));
      if (missing.length) { throw new Error(`scrape lacks ${missing.join(', ')}`); }
      const present = (c.absent ?? []).filter(re => re.test(body));
      if (present.length) { throw new Error(`scrape has what the flags exclude: ${present.join(', ')}`); }
      console.log(`ok   ${c.name}: ${generated.length} generated args accepted, ${body.split('\n').filter(l => l && !l.startsWith('#')).length} samples`);
    } catch (e: any) {
      failed++;
      console.log(`FAIL ${c.name}: ${e.message}`);
    }
  }
  fs.rmSync(textfileDir, { recursive: true, force: true });
  if (failed) { throw new Error(`${failed} of ${cases.length} conformance cases failed`); }
}

main().catch(e => {
  console.error(`node-exporter conformance: ${e.message}`);
  process.exit(1);
});
