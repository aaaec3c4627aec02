/* eslint-disable no-console */
// Times Placement.preview on generated clusters: 200 DaemonSets on 1,250 / 2,500 / 5,000 nodes.
// Prints figures; it asserts nothing (speed is measured here, never in tests).
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
    });
  }
  return out;
}

function daemonSets(count: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    const spec: any = { containers: [{ name: 'agent', image: 'example.com/agent:1' }] };
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
    out.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: `ds-${i}`, namespace: 'bench' }, spec: { template: { metadata: { labels: { app: `ds-${i}` } }, spec } } });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const DAEMONSETS = 200;
const manifests = daemonSets(DAEMONSETS);
console.log(`Placement.preview: ${DAEMONSETS} DaemonSets, median of 5 runs after 1 warm-up (node ${process.version}, ${os.cpus().length} cores)`);
console.log('nodes    evaluations   median ms   ns/evaluation   heap MB (report)');
let base: number | undefined;
for (const count of [1250, 2500, 5000]) {
  const cluster = ClusterInventory.fromNodeList({ kind: 'List', items: nodes(count) });
  Placement.preview(manifests, cluster); // warm-up
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
    + `   (x${(ms / count / base).toFixed(2)} per node vs 1,250)`);
}
