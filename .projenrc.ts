import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-daemons',
  packageName: 'cdk8s-daemons',
  description: 'Typed cdk8s constructs for per-node workloads (Kubernetes DaemonSets): secure defaults, stable selectors, synth-time validation.',
  keywords: ['cdk8s', 'kubernetes', 'daemonset', 'node-exporter', 'fluentd', 'fluent-bit', 'constructs'],
  license: 'Apache-2.0',
  author: 'cdk8s-daemons maintainers',
  authorAddress: 'maintainers@users.noreply.b-seed-85d934a2.example',
  repositoryUrl: 'https://github.com/maintainers/main.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // cdk8s 2 / constructs 10 as devDependencies for our own build; the peer ranges users need.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    'cdk8s-plus-27@2.9.5',
    // Kubernetes 1.27 JSON schema validators for the tests (kubernetes-models 4.4.x is built from 1.27).
    'kubernetes-models@4.4.2',
    '@kubernetes-models/apimachinery@2.0.2',
    // Prometheus Operator CRD schemas (monitoring.coreos.com/v1) for the ServiceMonitor and PodMonitor the presets emit.
    '@kubernetes-models/prometheus-operator@4.4.2',
    // Property-based tests of the whole API (seeded, in the normal test run).
    'fast-check@4.11.0',
    // Mutation testing of the rule and analysis layers (npx projen mutation; not part of CI).
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    '@stryker-mutator/typescript-checker@9.6.1',
  ],
  // The preview reads anybody's YAML; jsii libraries ship such dependencies bundled.
  bundledDeps: ['yaml@^2.4.0'],

  // Python is built (npx projen package:python) and smoke-tested; publishing stays off (release: false).
  publishToPypi: { distName: 'cdk8s-daemons', module: 'cdk8s_daemons' },
  // Java and Go: npx projen smoke:java / smoke:go generate, build and use them (see README, "The Python,
  // Go and Java packages"); cdk8s's packages missing from this machine's registries are generated the same way.
  publishToMaven: { javaPackage: 'io.github.cdk8s_daemons', mavenGroupId: 'io.github.cdk8s-daemons', mavenArtifactId: 'cdk8s-daemons' },
  publishToGo: { moduleName: 'github.com/maintainers/cdk8s-daemons-go' },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      // Every manifest any test synthesizes is validated against the Kubernetes 1.27 schema.
      setupFilesAfterEnv: ['<rootDir>/test/util/setup-k8s-validation.ts'],
      // Coverage more than doubles the run: off in `test`, on in `test:deep` (which CI runs).
      collectCoverage: false,
      // a StrykerJS sandbox (a copy of the repository) while `npx projen mutation` runs: not a second package
      modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
    },
  },
  // `test` checks and never rewrites a file: lint without --fix (`npx projen lint:fix` fixes).
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'examples', 'benchmarks', 'projenrc'], commandOptions: { fix: false } },
  // Source maps (with the TypeScript sources in them) in .js.map files beside the JavaScript, not inlined:
  // node reads a map only when asked (--enable-source-maps), while an inlined one is read and scanned on
  // every import for nothing (it tripled the size of lib/ and cost about 9 ms of a cold require).
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: true, sourceMap: true } },
  // No GitHub workflows: CI is .ci/run.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
});

// The peer range users see: any cdk8s 2.70+ and constructs 10.8+. projen pins our own devDependencies to
// the lowest of these, so the tests run against the oldest versions we claim to support (jsii checks it).
project.package.addPeerDeps('cdk8s@^2.70.0', 'constructs@^10.8.0');

// Pin the apimachinery models to the 1.27-era release the validators were built with.
project.package.addField('overrides', {
  '@kubernetes-models/apimachinery': '2.0.2',
});

// jsii must compile our code with no warnings.
project.compileTask.reset('jsii --fail-on-warnings --silence-warnings=reserved-word');
// lib/index.js loads each module on first use of its exports (see build-tools/lazy-index.ts).
project.compileTask.exec('ts-node --project build-tools/tsconfig.json build-tools/lazy-index.ts');
// The CLI is run as a program by the Python, Java and Go packages' `cdk8s-daemons` commands (jsii runs
// the bin script itself): it must be executable in the package.
project.compileTask.exec('chmod +x lib/cli/main.js');

// Tests run transpile-only (test/tsconfig.json has isolatedModules, so ts-jest type-checks nothing):
// one type check of the tests and what they import, after jest and eslint.
const typecheck = project.addTask('typecheck', { description: 'Type-check the tests and the sources they import (jest only transpiles)' });
typecheck.exec('tsc --noEmit --project test/tsconfig.json');
project.testTask.spawn(typecheck);
// The deep run CI makes: every property test with five times the cases, and coverage.
const deep = project.addTask('test:deep', {
  description: 'The tests with the property tests\' deep run counts and coverage (what CI runs)',
  env: { CDK8S_DAEMONS_DEEP: '1' },
});
deep.exec('jest --ci --coverage');
const lintFix = project.addTask('lint:fix', { description: 'Lint and fix what eslint can fix (test only checks)', env: { ESLINT_USE_FLAT_CONFIG: 'false' } });
lintFix.exec('eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern src test build-tools examples benchmarks projenrc .projenrc.ts');

// The keys of the props interfaces, checked at run time for JavaScript callers (src/util/props.ts).
// Mutation testing (StrykerJS), one area at a time (build-tools/mutation.ts): incremental, so a run after
// a change mutates only what changed; each area's state file (.stryker/<area>.json) is committed, the
// HTML report (docs/mutation/) is not.
const mutation = project.addTask('mutation', {
  description: 'Mutation testing of the rule and analysis layers with StrykerJS (incremental; see CONTRIBUTING.md)',
  receiveArgs: true,
});
mutation.exec('ts-node --project build-tools/tsconfig.json build-tools/mutation.ts', { receiveArgs: true });
project.gitignore.addPatterns('/docs/mutation/', '/.stryker-tmp/');
project.addTask('props-tables', { description: 'Rewrite the presets\' props tables in README.md from the props interfaces (a test says when it is due)' })
  .exec('ts-node --project build-tools/tsconfig.json build-tools/props-tables.ts');
project.addTask('prop-keys', { description: 'Rewrite src/util/prop-keys.generated.ts from the props interfaces (a test says when it is due)' })
  .exec('ts-node --project build-tools/tsconfig.json build-tools/prop-keys.ts');

// The README's TypeScript examples, translated to Python, Java and Go by jsii-rosetta for those
// packages' READMEs and docstrings. --strict: a block that does not compile (with rosetta/default.ts-fixture
// around a fragment; a complete program says `ts nofixture`) fails the build. The tablet is written
// beside .jsii, where jsii-pacmak reads it; a snippet missing from it fails packaging rather than
// shipping TypeScript to a Python user.
const rosetta = project.addTask('rosetta', {
  description: 'Translate the README\'s TypeScript examples to Python, Java and Go (jsii-rosetta, strict)',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('/.jsii.tabl.json');
for (const lang of ['js', 'python', 'java', 'go']) {
  project.tasks.tryFind(`package:${lang}`)!.reset(`jsii-pacmak -v --target ${lang} --rosetta-unknown-snippets fail`);
}

// The main job: compile (jsii + API.md) and synthesize every example app to YAML under dist/.
const main = project.addTask('main', {
  description: 'Compile the library, regenerate API.md and synthesize the examples to dist/examples',
});
main.spawn(project.compileTask);
main.spawn(project.postCompileTask);
main.exec('ts-node --project examples/tsconfig.json examples/synth.ts');
main.say('Placement of each example app on the sample cluster (cdk8s-daemons preview dist/examples/<app>):');
main.exec('ts-node --project examples/tsconfig.json examples/preview.ts');

// The CLI: cdk8s-daemons preview|drain.
project.addBins({ 'cdk8s-daemons': 'lib/cli/main.js' });

// Conformance with real components, which the machine must have (README: Conformance): not part of `test`.
const conformance = project.addTask('conformance', {
  description: 'Check the output against real components: node-exporter (apt-get install -y prometheus-node-exporter) and Kubernetes 1.27 code (Go)',
});
conformance.exec('ts-node --project test/tsconfig.json test/conformance/node-exporter-binary.ts');
// Kubernetes' own validation, Pod Security admission and DaemonSet controller (Go, conformance/) as the judge.
conformance.exec('ts-node --project test/tsconfig.json test/conformance/kubernetes.ts');
// The OpenTelemetry Collector, built with its Builder from Go modules, validates the OpenTelemetry engine's configurations.
conformance.exec('ts-node --project test/tsconfig.json test/conformance/otel-collector.ts');

// The Python package, built by jsii-pacmak and used from Python: the same YAML as TypeScript.
const smoke = project.addTask('smoke:python', {
  description: 'Build the Python package and synthesize the smoke app with it (python3 with venv; PyPI for cdk8s and cdk8s-plus-27)',
});
smoke.spawn(project.tasks.tryFind('package:python')!);
smoke.exec('ts-node --project test/tsconfig.json test/smoke/python.ts');

// The Go package, generated by jsii-pacmak, used from Go (go test); cdk8s's Go modules are generated from
// their npm packages' jsii assemblies, as the Go module proxy here does not serve them (test/smoke/go.ts).
const smokeUser = project.addTask('smoke:user', {
  description: 'The README quick start, end to end: a fresh npm project, the packed package (dist/js), main.ts from the README, synth, check, preview',
});
smokeUser.spawn(project.tasks.tryFind('package:js')!);
smokeUser.exec('ts-node --project test/tsconfig.json test/smoke/user.ts');
const smokeGo = project.addTask('smoke:go', {
  description: 'Generate the Go package and check with go test that Go synthesizes the same YAML as TypeScript',
});
smokeGo.exec('ts-node --project test/tsconfig.json test/smoke/go.ts');

// The Java package, generated by jsii-pacmak and built with Maven, used from Java (JUnit); cdk8s-plus-27's
// Java package is generated from its npm package's jsii assembly, as the Maven mirror here lacks it.
const smokeJava = project.addTask('smoke:java', {
  description: 'Build the Java package and check with mvn test that Java synthesizes the same YAML as TypeScript',
});
smokeJava.exec('ts-node --project test/tsconfig.json test/smoke/java.ts');
project.gitignore.exclude('/test/smoke/java/target/');

// Benchmarks print figures; they are never timed tests.
const bench = project.addTask('bench', {
  description: 'Time the placement preview on large generated clusters, and synthYaml of many daemons against plain ApiObjects',
});
bench.exec('node --expose-gc -r ts-node/register benchmarks/placement.ts', { env: { TS_NODE_PROJECT: 'benchmarks/tsconfig.json' } });
// Each synth measurement runs in a fresh node process (the benchmark compiles itself once and spawns them).
bench.spawn(project.compileTask); // the cold-require figure is taken of lib/, the package as shipped
bench.exec('node -r ts-node/register benchmarks/synth.ts', { env: { TS_NODE_PROJECT: 'benchmarks/tsconfig.json' } });

project.addTask('bench:instructions', {
  description: 'Instruction counts (valgrind) of synthYaml against the floor, one chart and one chart per daemon: stable on a busy machine',
  receiveArgs: true,
}).exec('node -r ts-node/register benchmarks/synth.ts --instructions', { env: { TS_NODE_PROJECT: 'benchmarks/tsconfig.json' }, receiveArgs: true });

// Examples are TypeScript apps (with their own examples/tsconfig.json); lint them too.
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('benchmarks');
project.npmignore?.exclude('/examples/', '/.ci/', '/benchmarks/', '/build-tools/', '/docs/');

// API stability: jsii-diff of this API against the last release (the newest tag v<x.y.z>); with no tag
// yet it says there is nothing to compare and succeeds. See build-tools/compat.ts.
project.tasks.tryFind('compat')!.reset('ts-node --project build-tools/tsconfig.json build-tools/compat.ts', {
  receiveArgs: true,
});

// What CI (.ci/run) runs after `npm install` (and installing Debian's prometheus-node-exporter), in one
// command, so a contributor reproduces CI with `npx projen ci`.
const ci = project.addTask('ci', { description: 'Everything CI runs: main, compat (API against the last release), test, test:deep, conformance, the user quick start and the Python, Go and Java smoke tests' });
for (const name of ['main', 'compat', 'test', 'test:deep', 'conformance', 'smoke:user', 'smoke:python', 'smoke:go', 'smoke:java']) {
  ci.spawn(project.tasks.tryFind(name)!);
}

project.synth();
