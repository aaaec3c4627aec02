import { App } from 'cdk8s';
import { buildGitOpsApp } from './app';

// `cdk8s synth` (see cdk8s.yaml) runs this: one file per chart under dist/.
const app = new App();
buildGitOpsApp(app);
app.synth();
