import { App, AppProps } from 'cdk8s';
import { AppIndex } from '../app-index';
import { withManifestYaml } from './manifest-yaml';

/**
 * Props of a `DaemonsApp`: those of cdk8s's `App` (`outdir`, `yamlOutputType`, ...). A struct of this
 * library's own, so that Java gets `DaemonsApp.Builder` (jsii-pacmak writes a builder only for a
 * struct of the class's own assembly; with `AppProps`, `DaemonsApp.Builder` was `App.Builder`, which
 * builds a plain `App`).
 */
export interface DaemonsAppProps extends AppProps {}

/**
 * cdk8s's `App`, writing its YAML through `ManifestYaml`: the same files with the same bytes as `App`
 * (every `yamlOutputType`, file names, validation and chart dependencies are `App`'s own), in a
 * fraction of the serialization time. Use it in place of `new App()`; nothing else changes.
 *
 * What it swaps, exactly: while its `synth()` or `synthYaml()` runs, and only then, the static
 * method `Yaml.stringify` of the `cdk8s` module the library loaded (which `App.synthYaml` and
 * `Yaml.save` call) is `ManifestYaml.stringify`; a `finally` puts back whatever was there before, on
 * return or throw, so nested or concurrent-looking calls restore in order. Why that is safe:
 * JavaScript runs one thing at a time, so the only code that can call `Yaml.stringify` meanwhile is
 * code the synth itself calls (validations, `Lazy` producers), and it gets the bytes cdk8s would have
 * written: `ManifestYaml` writes a document itself only when every value is in a subset whose YAML is
 * certain, and hands anything else to the original serializer; the tests compare the two on every
 * manifest the test suite synthesizes and on random documents.
 *
 * And, in the same window, cdk8s's internal static `App._synthChart` (what `chart.toJson()` calls):
 * for a chart of this app, it renders the chart's objects as cdk8s does (its `DependencyGraph`
 * topology, each object in its closest chart, `toJson()`), without walking the whole app again first.
 * cdk8s's `synth()` and `synthYaml()` resolve the dependencies of the whole app and run every
 * validation before they render the first chart; `_synthChart` then does both again for every chart
 * (with one chart per daemon, 1,000 charts cost 1,001 walks of the app, most of the synth). Why that
 * is safe: the passes it skips were just made on the same tree (rendering adds no construct), the
 * dependencies they add are already there, and a validation that passed once passes again. A chart
 * of another app, a `chart.toJson()` outside a synth, and a cdk8s whose `App` has no
 * `_synthChart(chart)` go cdk8s's own way. Nothing else global is changed.
 *
 * A cdk8s `App` holding a construct of this library gets the same window, with both swaps, for the
 * app object's own `synth()` and `synthYaml()`, which the library wraps when its first construct is
 * added (never `App.prototype`). `DaemonsApp` gives it to an app from the start, whatever it holds,
 * and from Python, Java and Go, where the jsii runtime may call `App`'s method rather than the
 * object's.
 *
 * Since it knows where a synth begins and ends, the library's app-wide checks use one index for the
 * whole synth instead of one per validation pass; the index is dropped when the synth returns, so
 * nothing from one synth survives into the next.
 */
export class DaemonsApp extends App {
  public constructor(props: DaemonsAppProps = {}) {
    super(props);
  }

  /** Synthesizes the app's charts to YAML files in `outdir`, as `App.synth()` does. */
  public synth(): void {
    AppIndex.withinSynth(this, () => withManifestYaml(() => super.synth()));
  }

  /** The YAML of every chart of the app, as `App.synthYaml()` returns it. */
  public synthYaml(): string {
    return AppIndex.withinSynth(this, () => withManifestYaml(() => super.synthYaml()));
  }
}
