import { App, AppProps } from 'cdk8s';
import { AppIndex } from '../app-index';
import { withManifestYaml } from './manifest-yaml';

/**
 * cdk8s's `App`, writing its YAML through `ManifestYaml`: the same files with the same bytes as `App`
 * (every `yamlOutputType`, file names, validation and chart dependencies are `App`'s own), in a
 * fraction of the serialization time. Use it in place of `new App()`; nothing else changes.
 *
 * While `synth()` or `synthYaml()` runs, cdk8s's `Yaml.stringify` is `ManifestYaml.stringify`; it is
 * put back when they return or throw. And since it knows where a synth begins and ends, the app-wide
 * index of the library is built once per synth, not checked again for each chart cdk8s renders.
 */
export class DaemonsApp extends App {
  public constructor(props: AppProps = {}) {
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
