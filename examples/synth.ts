import * as fs from 'fs';
import * as path from 'path';
import { YamlOutputType } from 'cdk8s';
import { DaemonsApp } from '../src';
import { EXAMPLES } from './index';

// Synthesizes every example app to YAML under dist/examples/<name>/, as `cdk8s synth` would.
const root = path.join(__dirname, '..', 'dist', 'examples');
fs.rmSync(root, { recursive: true, force: true });

for (const example of EXAMPLES) {
  const outdir = path.join(root, example.name);
  const app = new DaemonsApp({ outdir, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  example.build(app);
  app.synth();
  for (const file of fs.readdirSync(outdir).sort()) {
    const text = fs.readFileSync(path.join(outdir, file), 'utf8');
    const kinds = [...text.matchAll(/^kind: (\S+)$/gm)].map(m => m[1]);
    console.log(`${path.relative(process.cwd(), path.join(outdir, file))}: ${kinds.join(', ')}`);
  }
}
