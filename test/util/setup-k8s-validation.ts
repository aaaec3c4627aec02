/**
 * Jest `setupFilesAfterEnv` file: every manifest a test synthesizes through `Testing.synth(chart)`
 * or `app.synthYaml()` is validated against the Kubernetes 1.27 schema (see ./k8s-schema.ts);
 * schema errors make the call throw, so the test fails. Return values are unchanged.
 *
 * Setup files run in the same module registry as the test file, so this patches the very `cdk8s`
 * module the test imports. (Modules re-required after `jest.resetModules()` / inside
 * `jest.isolateModules()` are fresh copies and are not patched.)
 */
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { validateManifests } from './k8s-schema';

const PATCHED = Symbol.for('cdk8s-daemons.k8s-schema-validation');

function isPatched(fn: Function): boolean {
  return (fn as any)[PATCHED] === true;
}

function markPatched<F extends Function>(fn: F): F {
  return Object.assign(fn, { [PATCHED]: true });
}

// Guarded so that loading this file twice in one registry never wraps (and validates) twice.
if (!isPatched(Testing.synth)) {
  const originalSynth = Testing.synth; // captured: the wrapper calls this, never itself
  Testing.synth = markPatched(function synth(this: unknown, chart: Chart): any[] {
    const manifests = originalSynth.call(this, chart);
    validateManifests(manifests);
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
    validateManifests(docs.map((doc) => doc.toJSON()).filter((obj) => obj != null));
    return yaml;
  });
}
