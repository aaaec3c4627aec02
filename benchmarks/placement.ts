/* eslint-disable no-console */
// Times Placement.preview on generated clusters: 200 DaemonSets on 1,250 / 2,500 / 5,000 nodes, each
// node with its allocatable and 30 running pods (requests, host ports, priorities, pods of the
// DaemonSets previewed, which they replace), so that every decision runs the scheduler's filters and,
// where a pod does not fit, its preemption. Prints figures; it asserts nothing (speed is measured
// here, never in tests).
import * as os from 'os';
import { ClusterInventory, Placement } from '../src';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function nodes(count: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    const taints: any[] = [];
    if (i % 50 === 0) { taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }); }
    if (i % 20 === 7) { taints.push({ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }); }
    if (i % 10 === 3) { taints.push({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }); }
    if (i % 97 === 5) { taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }); }
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': i % 25 === 0 ? 'windows' : 'linux',
          'kubernetes.io/arch': i % 3 === 0 ? 'arm64' : 'amd64',
          'topology.kubernetes.io/zone': ZONES[i % 3],
          'example.com/cores': String(4 * 2 ** (i % 4)),
          ...(i % 8 === 0 ? { disktype: 'ssd' } : {}),
          ...(i % 20 === 7 ? { 'example.com/gpu': 'true' } : {}),
        },
      },
      spec: taints.length ? { taints } : {},
      status: { allocatable: { cpu: `${4 * 2 ** (i % 4) * 1000 - 200}m`, memory: `${8 * 2 ** (i % 4)}Gi`, pods: '250', ...(i % 20 === 7 ? { 'nvidia.com/gpu': '4' } : {}) } },
    });
  }
  return out;
}

const PODS_PER_NODE = 30;

/** 30 running pods per node: applications of priority 0 to 1000, a few with host ports, and pods of the first DaemonSets. */
function pods(nodeList: any[]): any[] {
  const out: any[] = [];
  for (const n of nodeList) {
    const node = n.metadata.name;
    for (let j = 0; j < PODS_PER_NODE; j++) {
      const own = j < 3; // pods of ds-0, ds-1 and ds-2, replaced by the preview
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${node}-p${j}`,
          namespace: own ? 'bench' : `apps-${j % 7}`,
          ...(own ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: `ds-${j}`, controller: true }] } : {}),
        },
        spec: {
          nodeName: node,
          priority: own ? 2000001000 : (j % 4) * 250,
          containers: [{
            name: 'app',
            image: 'example.com/app:1',
            resources: { requests: { cpu: `${20 + (j % 5) * 10}m`, memory: `${64 * (1 + (j % 3))}Mi` } },
            ...(j % 10 === 9 ? { ports: [{ containerPort: 8000 + j, hostPort: 8000 + j }] } : {}),
          }],
        },
        status: { phase: 'Running', startTime: `2026-01-${String(1 + (j % 28)).padStart(2, '0')}T00:00:00Z` },
      });
    }
  }
  return out;
}

function daemonSets(count: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    // requests from 5m to 25m (every 40th 2.5 cores, too large for the small nodes), a host port on
    // every 16th, priorities from 0 to system-node-critical
    const cpu = i % 40 === 39 ? '2500m' : `${5 + (i % 5) * 5}m`;
    const spec: any = {
      containers: [{
        name: 'agent',
        image: 'example.com/agent:1',
        resources: { requests: { cpu, memory: `${16 * (1 + (i % 4))}Mi` } },
        ...(i % 16 === 15 ? { ports: [{ containerPort: 8009, hostPort: 8009 }] } : {}),
      }],
      ...(i % 3 === 0 ? { priorityClassName: 'system-node-critical' } : {}),
    };
    switch (i % 5) {
      case 0: spec.tolerations = [{ operator: 'Exists' }]; break;
      case 1: spec.nodeSelector = { 'kubernetes.io/os': 'linux' }; spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]; break;
      case 2: spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, { key: 'example.com/cores', operator: 'Gt', values: ['8'] }] },
              { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
            ],
          },
        },
      }; break;
      case 3: spec.nodeSelector = { disktype: 'ssd' }; spec.hostNetwork = true; break;
      default: spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }];
        spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] }] },
              ],
            },
          },
        };
    }
    // every 7th surges in its rollouts: each node is asked for room for two of its pods too
    const updateStrategy = i % 7 === 6 ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : undefined;
    out.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: `ds-${i}`, namespace: 'bench' }, spec: { updateStrategy, template: { metadata: { labels: { app: `ds-${i}` } }, spec } } });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const DAEMONSETS = 200;
const manifests = daemonSets(DAEMONSETS);
console.log(`Placement.preview: ${DAEMONSETS} DaemonSets on nodes with ${PODS_PER_NODE} running pods each, median of 5 runs after 1 warm-up`
  + ` (node ${process.version}, ${os.cpus().length} cores)`);
console.log('nodes    evaluations   median ms   ns/evaluation   heap MB (report)   pending   preempting');
let base: number | undefined;
for (const count of [1250, 2500, 5000]) {
  const nodeList = nodes(count);
  const cluster = ClusterInventory.fromNodeList({ kind: 'List', items: nodeList }).withPods({ kind: 'List', items: pods(nodeList) });
  const first = Placement.preview(manifests, cluster); // warm-up
  const pending = first.daemonSets.reduce((n, ds) => n + ds.pending, 0);
  const preempting = first.daemonSets.reduce((n, ds) => n + ds.nodes.filter(x => x.preempts.length).length, 0);
  const times: number[] = [];
  let heap = 0;
  for (let run = 0; run < 5; run++) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const report = Placement.preview(manifests, cluster);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    heap = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    if (report.daemonSets.length !== DAEMONSETS) { throw new Error('unexpected report'); }
  }
  const ms = median(times);
  const evaluations = count * DAEMONSETS;
  base = base ?? ms / count;
  console.log(`${String(count).padEnd(8)} ${String(evaluations).padEnd(13)} ${ms.toFixed(1).padStart(9)}   ${((ms * 1e6) / evaluations).toFixed(0).padStart(13)}   ${heap.toFixed(0).padStart(16)}`
    + `   ${String(pending).padStart(7)}   ${String(preempting).padStart(10)}   (x${(ms / count / base).toFixed(2)} per node vs 1,250)`);
}
