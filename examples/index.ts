import { App } from 'cdk8s';
import { AdoptedChart } from './adopted';
import { FluentdChart } from './fluentd';
import { buildGitOpsApp } from './gitops/app';
import { HardwareVariantsChart } from './hardware-variants';
import { LoggingChart } from './logging';
import { NginxChart } from './nginx';
import { NginxStage, NginxTutorialChart } from './nginx-tutorial';
import { NodeExporterChart } from './node-exporter';
import { ReachingPodsChart } from './reaching-pods';
import { VipOnlyChart } from './vip-only';

/** One example app: a name (its folder under dist/examples) and how to build it into an App. */
export interface Example {
  readonly name: string;
  readonly build: (app: App) => void;
}

/** Every example the main job synthesizes and the tests snapshot. */
export const EXAMPLES: Example[] = [
  { name: 'node-exporter', build: app => new NodeExporterChart(app, 'node-exporter') },
  { name: 'fluentd', build: app => new FluentdChart(app, 'fluentd') },
  { name: 'vip-only', build: app => new VipOnlyChart(app, 'vip-only') },
  { name: 'nginx', build: app => new NginxChart(app, 'nginx') },
  { name: 'reaching-pods', build: app => new ReachingPodsChart(app, 'reaching-pods') },
  { name: 'hardware-variants', build: app => new HardwareVariantsChart(app, 'hardware-variants') },
  { name: 'adopted', build: app => new AdoptedChart(app, 'adopted') },
  { name: 'logging', build: app => new LoggingChart(app, 'logging') },
  { name: 'gitops', build: buildGitOpsApp },
  ...Object.values(NginxStage).map((stage, i) => ({
    name: `nginx-tutorial-${i + 1}-${stage}`,
    build: (app: App) => new NginxTutorialChart(app, 'nginx', { stage }),
  })),
];
