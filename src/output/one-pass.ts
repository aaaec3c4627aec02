// One validation pass per synth: cdk8s's chart renderer without its app-wide passes, inside a synth
// scope (AppIndex.withinSynth: a DaemonsApp's synth, or a cdk8s App's that the library scoped).
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

type SynthChart = (chart: Chart) => any[];
interface WithSynthChart { _synthChart?: SynthChart }

/** The objects of one chart, rendered as cdk8s's `chartToKube` orders them. */
function renderChart(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x: IConstruct): x is ApiObject => x instanceof ApiObject)
    .filter(x => Chart.of(x) === chart)
    .map(x => x.toJson());
}

/**
 * Runs `synth` with `App._synthChart` rendering the charts of `app` without cdk8s's app-wide passes
 * (the synth made them before its first chart), and puts back what was there, on return or throw.
 */
export function withOnePassPerSynth<T>(app: IConstruct, synth: () => T): T {
  const statics = App as unknown as WithSynthChart;
  const original = statics._synthChart;
  if (typeof original !== 'function' || original.length !== 1) { return synth(); } // another cdk8s: its own way
  statics._synthChart = (chart: Chart) => (App.of(chart) === app ? renderChart(chart) : original.call(App, chart));
  try {
    return synth();
  } finally {
    statics._synthChart = original;
  }
}
