/**
 * Jest `setupFilesAfterEnv` file: every manifest a test synthesizes through `Testing.synth(chart)`
 * or `app.synthYaml()` is validated against the Kubernetes 1.27 schema (see ./k8s-schema.ts) and
 * written by ManifestYaml and by cdk8s's serializer, which must agree byte for byte; a failure makes
 * the call throw, so the test fails. Return values are unchanged.
 *
 * Setup files run in the same module registry as the test file, so this patches the very `cdk8s`
 * module the test imports. (Modules re-required after `jest.resetModules()` / inside
 * `jest.isolateModules()` are fresh copies and are not patched.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { validateManifests } from './k8s-schema';
import { ManifestYaml } from '../../src/output/manifest-yaml';

// Under mutation testing (build-tools/mutation.ts sets CDK8S_DAEMONS_MUTATION), a property that fails
// has killed its mutant: stop there instead of shrinking the counterexample, which can take longer
// than Stryker's timeout and only tells a person what failed.
if (process.env.CDK8S_DAEMONS_MUTATION === '1') {
  fc.configureGlobal({ endOnFailure: true });
}

const PATCHED = Symbol.for('cdk8s-daemons.k8s-schema-validation');

function isPatched(fn: Function): boolean {
  return (fn as any)[PATCHED] === true;
}

function markPatched<F extends Function>(fn: F): F {
  return Object.assign(fn, { [PATCHED]: true });
}

// Guarded so that loading this file twice in one registry never wraps (and validates) twice.
/**
 * With CDK8S_DAEMONS_RECORD set to a directory, every manifest a test synthesizes is also appended
 * there (one JSON object per line, with the test's name), for the conformance run to judge with
 * Kubernetes' own validation.
 */
function record(manifests: any[]): void {
  const dir = process.env.CDK8S_DAEMONS_RECORD;
  if (!dir) { return; }
  const test = expect.getState().currentTestName ?? '<no test>';
  fs.appendFileSync(path.join(dir, `${process.pid}.jsonl`), manifests.map(object => JSON.stringify({ test, object })).join('\n') + '\n');
}

/**
 * ManifestYaml (DaemonsApp's writer) must write exactly what cdk8s's serializer writes: every
 * manifest any test synthesizes is written both ways and compared.
 */
const cdk8sStringify = Yaml.stringify.bind(Yaml); // captured before any DaemonsApp swaps it in
function sameYaml(manifests: any[]): void {
  const ours = ManifestYaml.stringify(...manifests);
  const cdk8s = cdk8sStringify(...manifests);
  if (ours !== cdk8s) {
    const at = [...ours].findIndex((c, i) => c !== cdk8s[i]);
    throw new Error(`ManifestYaml differs from cdk8s's Yaml.stringify at character ${at}:\n`
      + `ours:  ${JSON.stringify(ours.slice(Math.max(0, at - 80), at + 80))}\ncdk8s: ${JSON.stringify(cdk8s.slice(Math.max(0, at - 80), at + 80))}`);
  }
}

/**
 * Every check of the output: the schema, ManifestYaml against cdk8s's serializer, and the recording.
 * Output already judged (same JSON, e.g. a determinism test's second synth) is not judged again.
 */
const judged = new Set<string>();
function judge(manifests: any[]): void {
  const key = JSON.stringify(manifests);
  if (judged.has(key)) { return; }
  validateManifests(manifests);
  sameYaml(manifests);
  record(manifests);
  judged.add(key);
}

if (!isPatched(Testing.synth)) {
  const originalSynth = Testing.synth; // captured: the wrapper calls this, never itself
  Testing.synth = markPatched(function synth(this: unknown, chart: Chart): any[] {
    const manifests = originalSynth.call(this, chart);
    judge(manifests);
    return manifests;
  });
}

if (!isPatched(App.prototype.synthYaml)) {
  const originalSynthYaml = App.prototype.synthYaml;
  App.prototype.synthYaml = markPatched(function synthYaml(this: App): string {
    const yaml = originalSynthYaml.call(this);
    // cdk8s writes YAML 1.1 (as do kubectl's parsers), so read it back the same way.
    const docs = parseAllDocuments(yaml, { version: '1.1' });
    const parseErrors = docs.flatMap((doc) => doc.errors.map((e) => e.message));
    if (parseErrors.length > 0) {
      throw new Error(`synthYaml produced unparseable YAML:\n  ${parseErrors.join('\n  ')}`);
    }
    const manifests = docs.map((doc) => doc.toJSON()).filter((obj) => obj != null);
    judge(manifests);
    return yaml;
  });
}
