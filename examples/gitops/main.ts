import { buildGitOpsApp } from './app';
import { DaemonsApp } from '../../src';

// `cdk8s synth` (see cdk8s.yaml) runs this: one file per chart under dist/. DaemonsApp is cdk8s's App
// with a faster YAML writer (the same bytes).
const app = new DaemonsApp();
buildGitOpsApp(app);
app.synth();
