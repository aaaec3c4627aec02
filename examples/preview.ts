import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Runs `cdk8s-daemons preview` on each example app synthesized under dist/examples/<app>/: each app
// is deployed on its own, so each is previewed on its own.
const root = path.join(__dirname, '..', 'dist', 'examples');
for (const app of fs.readdirSync(root).sort()) {
  const dir = path.join('dist', 'examples', app);
  console.log(`\n== ${dir}`);
  const result = spawnSync(process.execPath, [path.join('lib', 'cli', 'main.js'), 'preview', dir], { stdio: 'inherit' });
  if (result.status !== 0) { process.exit(result.status ?? 1); }
}
