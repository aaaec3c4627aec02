/**
 * The collectors of node-exporter v1.6.1 on Linux (the version MonitoringDaemon runs by default), with
 * the release that added each one after v1.5.0. node-exporter exits at start on a flag it does not
 * know (`unknown long flag '--no-collector.wifii'`): a crash loop on every node. The conformance step
 * (`npx projen conformance`) checks this list against the real binary's `--help`: a collector is
 * there exactly when the binary's version is at least the one it was added in.
 * @see https://github.com/prometheus/node_exporter/blob/v1.6.1/CHANGELOG.md
 */
export const NODE_EXPORTER_VERSION = '1.6.1';

/** Collectors added after v1.5.0, with the release that added them. */
export const COLLECTORS_SINCE: { readonly [collector: string]: string } = {
  softirqs: '1.6.0',
};

export const NODE_EXPORTER_COLLECTORS: readonly string[] = [
  'arp', 'bcache', 'bonding', 'btrfs', 'buddyinfo', 'cgroups', 'conntrack', 'cpu', 'cpufreq', 'diskstats', 'dmi',
  'drbd', 'drm', 'edac', 'entropy', 'ethtool', 'fibrechannel', 'filefd', 'filesystem', 'hwmon', 'infiniband',
  'interrupts', 'ipvs', 'ksmd', 'lnstat', 'loadavg', 'logind', 'mdadm', 'meminfo', 'meminfo_numa', 'mountstats',
  'netclass', 'netdev', 'netstat', 'network_route', 'nfs', 'nfsd', 'ntp', 'nvme', 'os', 'perf', 'powersupplyclass',
  'pressure', 'processes', 'qdisc', 'rapl', 'runit', 'schedstat', 'selinux', 'slabinfo', 'sockstat', 'softirqs',
  'softnet', 'stat', 'supervisord', 'sysctl', 'systemd', 'tapestats', 'tcpstat', 'textfile', 'thermal_zone', 'time',
  'timex', 'udp_queues', 'uname', 'vmstat', 'wifi', 'xfs', 'zfs', 'zoneinfo',
];
