import { DrainReport, PlacementReport } from './placement';

/** Renders rows as a kubectl-style table: upper-case headers, columns padded by three spaces. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)));
  // the last column padded too: trimEnd takes the padding off again
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** The preview as text: a `kubectl get ds -o wide`-like summary, then one row per DaemonSet and node, then coverage. */
export function formatPlacement(report: PlacementReport): string {
  const sections: string[] = [];
  sections.push(table(
    ['NAMESPACE', 'NAME', 'DESIRED', 'PENDING', 'PRIORITY', 'NODE SELECTOR'],
    report.daemonSets.map(ds => [ds.namespace ?? '<default>', ds.name, String(ds.desired), String(ds.pending), String(ds.priority), ds.nodeSelector]),
  ));
  sections.push(table(
    ['NAMESPACE', 'DAEMONSET', 'NODE', 'POD', 'REASON'],
    report.daemonSets.flatMap(ds => ds.nodes.map(n => [
      ds.namespace ?? '<default>',
      ds.name,
      n.node,
      !n.shouldRun ? (n.shouldContinueRunning ? 'no new pod' : 'no pod') : n.pendingReasons.length ? 'Pending' : n.preempts.length ? 'runs, preempting' : 'runs',
      [...n.reasons, ...n.pendingReasons, ...(n.preempts.length ? [`evicts ${n.preempts.join(', ')} (lower priority)`] : [])].join('; '),
    ])),
  ));
  const variants = report.coverage.filter(c => c.daemonSets.length > 1);
  if (variants.length) {
    sections.push(table(
      ['DAEMON', 'VARIANTS', 'NODES WITHOUT A POD', 'NODES WITH MORE THAN ONE'],
      variants.map(c => [
        c.daemon,
        c.daemonSets.join(','),
        c.uncovered.join(',') || '<none>',
        c.overlapping.map(o => `${o.node} (${o.daemonSets.join('+')})`).join(',') || '<none>',
      ]),
    ));
  }
  return sections.join('\n\n') + '\n';
}

/** The drain preview as text, in the words kubectl drain uses. */
export function formatDrain(report: DrainReport): string {
  const lines = [`$ ${report.command}`, ...report.notes.map(n => `- ${n}`)];
  const rows = (pods: DrainReport['otherPods']) => pods.map(p => [p.kind, p.namespace ?? '<default>', p.name, p.emptyDir ? 'yes' : 'no', p.note]);
  const pods = [...report.daemonSetPods, ...report.otherPods];
  if (pods.length) {
    lines.push('', table(['KIND', 'NAMESPACE', 'NAME', 'EMPTYDIR', 'WHAT DRAIN DOES'], rows(pods)));
  } else {
    lines.push('', 'No workload of the manifests runs on this node.');
  }
  if (report.evictedPods.length) {
    lines.push('', 'Running on the node now (from the inventory\'s pods), evicted by the drain:', table(['KIND', 'NAMESPACE', 'NAME', 'EMPTYDIR', 'WHERE IT GOES'], rows(report.evictedPods)));
  }
  return lines.join('\n') + '\n';
}
