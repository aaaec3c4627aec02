// The public API: named symbols only (interfaces as type exports). Internal helpers stay in their modules.
export {
  NodeDaemon, type NodeDaemonOptions, type NodeDaemonProps, type IngressPolicyOptions, type ApiAccessOptions, type DaemonProblem,
} from './node-daemon';
export { NodeDaemonVariant, type VariantOptions } from './variant';
export { DaemonNamespace, type DaemonNamespaceProps } from './daemon-namespace';
export { AppArmorProfile } from './pod/apparmor';
export { type DaemonPort, type ContainerSecurityOptions, type DaemonContainerOptions, type DaemonContainerProps } from './pod/container';
export { DaemonContainer } from './pod/daemon-container';
export { type DaemonPodOptions, type DnsConfig, type DnsOption } from './pod/pod-options';
export { PodSecurityLevel, type PodSecurityViolation } from './pod/pod-security';
export { Probe, ProbeScheme, type ProbeOptions, type HttpGetProbeOptions, type TcpSocketProbeOptions } from './pod/probe';
export { type DaemonResources } from './pod/resources';
export { HostPathSharing, type HostPathMount, type EmptyDirVolume, type ContainerVolumeMount, type ConfigMapVolume, type SecretVolume } from './pod/volumes';
export { TaintEffect, Taint, type TaintProps } from './scheduling/taint';
export { Toleration, TolerationOperator, type TolerationOptions } from './scheduling/toleration';
export { NodeSelectorOperator, NodeSelectorRequirement, NodeSelectorTerm, type PreferredNodeSelectorTerm, type NodeAffinity } from './scheduling/node-affinity';
export { type PodAffinityTerm, type WeightedPodAffinityTerm, type PodAffinity } from './scheduling/pod-affinity';
export { PreemptionPolicy } from './scheduling/priority';
export { type DaemonSchedulingOptions } from './scheduling/scheduling-options';
export { UpdateStrategy, UpdateStrategyType, type RollingUpdateOptions } from './rollout/update-strategy';
export { InternalTrafficPolicy, ExternalTrafficPolicy, type ServiceExposeOptions } from './expose/service-options';
export { ClusterInventory } from './rules/cluster-inventory';
export {
  Placement,
  type PlacementDecision, type NodePlacement, type DaemonSetPlacement, type CoverageOverlap,
  type CoverageReport, type PlacementReport, type DrainPod, type DrainReport,
} from './rules/placement';
export { MonitoringDaemon, ListenAddress, TextfileCollector, type MonitoringDaemonProps } from './monitoring-daemon';
export { type MonitorOptions } from './expose/monitors';
export { LogCollector, type LogCollectorProps } from './log-collector/log-collector';
export { LogEngine, LogEngineType } from './log-collector/log-engine';
export {
  LogOutput, LogOutputType, LogSecret,
  type LogTlsOptions, type SearchOutputOptions, type LokiOutputOptions, type ForwardOutputOptions, type HttpOutputOptions, type OtlpOutputOptions,
} from './log-collector/log-output';
export { LogParser, LogParserFormat, type LogParserOptions } from './log-collector/log-parser';
export { ContainerRuntime, ContainerLogFormat, MultilineLanguage, KubernetesMetadata } from './log-collector/log-config';
export { NodeScopedApp, type NodeScopedAppProps, type HostDirectoryOptions, type InitContentOptions } from './node-scoped-app';
export { StaticPod, type StaticPodOptions } from './static-pod';
export { type DebugPodOptions } from './debug-pod';
export { PlatformProfile, Platform } from './platform-profile';
export { ArgoCdSyncWaves } from './gitops/sync-waves';
export { DaemonsApp, type DaemonsAppProps } from './output/daemons-app';
export { ManifestYaml } from './output/manifest-yaml';
