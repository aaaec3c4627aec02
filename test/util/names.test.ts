import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  envNameProblem,
  imageReferenceProblem,
  imageTag,
  kebabCase,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
} from '../../src/util/names';

describe('dns1123LabelProblem', () => {
  test.each([
    'a',
    '0',
    'node-exporter',
    'fluent-bit2',
    '9p',
    'a'.repeat(63),
  ])('accepts %j', (value) => {
    expect(dns1123LabelProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['a'.repeat(64), /must be at most 63 characters \(it has 64\)/],
    ['Node', /must be a DNS-1123 label/],
    ['node_exporter', /must be a DNS-1123 label/],
    ['node.exporter', /must be a DNS-1123 label/],
    ['-node', /must be a DNS-1123 label/],
    ['node-', /must be a DNS-1123 label/],
    ['node exporter', /must be a DNS-1123 label/],
  ])('rejects %j', (value, problem) => {
    expect(dns1123LabelProblem(value)).toMatch(problem);
  });
});

describe('dns1123SubdomainProblem', () => {
  test.each(['example.com', 'a', 'a-b.c-d.e', `${'a'.repeat(63)}.${'b'.repeat(63)}`])('accepts %j', (value) => {
    expect(dns1123SubdomainProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['Example.com', /must be a DNS-1123 subdomain/],
    ['example..com', /must be a DNS-1123 subdomain/],
    ['.example.com', /must be a DNS-1123 subdomain/],
    ['example.com.', /must be a DNS-1123 subdomain/],
    ['example_corp.com', /must be a DNS-1123 subdomain/],
    [`${'a.'.repeat(126)}ab`, /must be at most 253 characters \(it has 254\)/],
  ])('rejects %j', (value, problem) => {
    expect(dns1123SubdomainProblem(value)).toMatch(problem);
  });
});

describe('qualifiedNameProblem', () => {
  test.each([
    'team',
    'Team',
    'app.kubernetes.io/name',
    'example.com/Tier_2',
    'a',
    'a.b-c_d',
    'prometheus.io/scrape',
    `example.com/${'a'.repeat(63)}`,
  ])('accepts %j', (value) => {
    expect(qualifiedNameProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['a/b/c', /at most one '\/'/],
    ['/team', /has a prefix '' that must not be empty/],
    ['Example.com/team', /has a prefix 'Example\.com' that must be a DNS-1123 subdomain/],
    ['example_corp/team', /has a prefix 'example_corp'/],
    ['example.com/', /must have a name part after the prefix/],
    [`example.com/${'a'.repeat(64)}`, /has a name part of 64 characters; at most 63 are allowed/],
    ['a'.repeat(64), /has a name part of 64 characters/],
    ['bad key', /has a name part 'bad key'/],
    ['-team', /has a name part '-team'/],
    ['team.', /has a name part 'team\.'/],
  ])('rejects %j', (value, problem) => {
    expect(qualifiedNameProblem(value)).toMatch(problem);
  });
});

describe('labelValueProblem', () => {
  test.each(['', 'a', 'v1.6.1', 'Platform_Team', 'a-b.c_d', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['a'.repeat(64), /must be at most 63 characters \(it has 64\)/],
    ['-a', /must be empty or consist of letters/],
    ['a-', /must be empty or consist of letters/],
    ['a b', /must be empty or consist of letters/],
    ['a/b', /must be empty or consist of letters/],
    ['ünïcode', /must be empty or consist of letters/],
  ])('rejects %j', (value, problem) => {
    expect(labelValueProblem(value)).toMatch(problem);
  });
});

describe('portNameProblem (IANA_SVC_NAME)', () => {
  test.each(['http', 'metrics', 'h2c', 'a', 'node-metrics', '9100-metrics', 'a'.repeat(15)])('accepts %j', (value) => {
    expect(portNameProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['a'.repeat(16), /must be at most 15 characters \(it has 16\)/],
    ['Metrics', /must contain only lowercase letters, digits and '-'/],
    ['http_alt', /must contain only lowercase letters/],
    ['9100', /must contain at least one letter/],
    ['9-1', /must contain at least one letter/],
    ['node--metrics', /must not contain '--'/],
    ['-metrics', /must not begin or end with '-'/],
    ['metrics-', /must not begin or end with '-'/],
  ])('rejects %j', (value, problem) => {
    expect(portNameProblem(value)).toMatch(problem);
  });
});

describe('envNameProblem', () => {
  test.each(['NODE_NAME', 'node_name', '_PRIVATE', 'my.var', 'my-var', '.dot', '-dash', 'A1'])('accepts %j', (value) => {
    expect(envNameProblem(value)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['1NODE', /must not start with a digit/],
    ['A=B', /must consist of letters, digits/],
    ['A B', /must consist of letters, digits/],
    ['A$', /must consist of letters, digits/],
  ])('rejects %j', (value, problem) => {
    expect(envNameProblem(value)).toMatch(problem);
  });
});

describe('kebabCase', () => {
  test.each([
    ['NodeExporter', 'node-exporter'],
    ['nodeExporter', 'node-exporter'],
    ['node_exporter', 'node-exporter'],
    ['node exporter', 'node-exporter'],
    ['node.exporter', 'node-exporter'],
    ['HTTPServer', 'http-server'],
    ['FluentBit2', 'fluent-bit2'],
    ['K8sAgent', 'k8s-agent'],
    ['already-kebab', 'already-kebab'],
    ['my_daemon!', 'my-daemon!'],
  ])('%j -> %j', (id, expected) => {
    expect(kebabCase(id)).toBe(expected);
  });
});

const SHA256 = 'a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';

describe('imageReferenceProblem', () => {
  test.each([
    'busybox',
    'busybox:1.36',
    'busybox:latest',
    'prom/node-exporter',
    'prom/node-exporter:v1.6.1',
    'quay.io/prometheus/node-exporter:v1.6.1',
    'docker.io/library/busybox',
    'index.docker.io/busybox',
    'localhost/app',
    'localhost:5000/a/b:1',
    'localhost:5000',
    '127.0.0.1:5000/app',
    '[::1]:5000/app:1',
    'example.com',
    'Registry.Example.COM/app',
    'registry-1.example.com:443/team/app',
    `registry.k8s.io/pause@sha256:${SHA256}`,
    `a/b:tag@sha256:${SHA256}`,
    `a@sha384:${'0'.repeat(96)}`,
    `a@sha512:${'f'.repeat(128)}`,
    'a.b_c__d---e/f-g:T_a.g-1',
    'my_registry.local/app',
    'a:_tag',
    'a:Tag',
    `a:${'t'.repeat(128)}`,
    'x:1',
    `${'a'.repeat(255 - 'docker.io/library/'.length)}`,
    `example.com/${'a'.repeat(255 - 'example.com/'.length)}`,
  ])('accepts %j', (image) => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  test.each<[string, RegExp]>([
    ['', /^is empty$/],
    ['Prom/node-exporter', /^has an uppercase repository path 'Prom\/node-exporter'; image repositories must be lowercase \(a registry host needs a '\.' or a ':port', or must be 'localhost'; the kubelet would pull from a host named 'Prom'\)$/],
    ['UPPER', /^has an uppercase repository path 'UPPER'; image repositories must be lowercase$/],
    ['quay.io/Prometheus/node-exporter:v1', /^has an uppercase repository path 'Prometheus\/node-exporter'; image repositories must be lowercase$/],
    ['localhost:5000/App', /uppercase repository path 'App'/],
    ['a//b', /has an empty path component in 'a\/\/b'/],
    ['a/', /has an empty path component/],
    ['/a', /has an empty path component/],
    ['example.com/', /has no repository path after the registry host 'example\.com'/],
    ['a:', /has an empty tag after ':'/],
    [':tag', /has no repository name before ':'/],
    [`@sha256:${SHA256}`, /has no repository name before '@'/],
    ['a b', /contains whitespace/],
    [' busybox', /contains whitespace/],
    ['busybox\n', /contains whitespace/],
    ['a/b:tag with space', /contains whitespace/],
    ['-a', /has a path component '-a' that must consist of lowercase letters and digits/],
    ['a-', /has a path component 'a-'/],
    ['a..b', /has a path component 'a\.\.b'/],
    ['a___b', /has a path component 'a___b'/],
    ['a/b!', /has a path component 'b!'/],
    ['a:b:c', /has a path component 'a:b'/],
    ['ex_ample.com:5000/app', /has a registry host 'ex_ample\.com:5000' that is not a host name/],
    ['-example.com/app', /has a registry host '-example\.com'/],
    ['example.com:port/app', /has a registry host 'example\.com:port'/],
    [`a:${'t'.repeat(129)}`, /has a tag of 129 characters; at most 128 are allowed/],
    ['a:.tag', /has a tag '\.tag' that must consist of letters, digits/],
    ['a:-tag', /has a tag '-tag'/],
    ['a:t+g', /has a tag 't\+g'/],
    ['a@', /has an empty digest after '@'/],
    ['a@sha256', /has a digest 'sha256' that is not <algorithm>:<hex digits>/],
    ['a@sha256:abc', /has a digest 'sha256:abc'/],
    [`a@sha256:${'g'.repeat(64)}`, /has a digest/],
    [`a@sha256:${SHA256}@sha256:${SHA256}`, /has a digest/],
    [`a@md5:${'0'.repeat(32)}`, /has a digest algorithm 'md5' the kubelet does not support/],
    [`a@sha256:${'0'.repeat(63)}`, /has a sha256 digest of 63 hex digits; it must have 64/],
    [`a@sha256:${SHA256.toUpperCase()}`, /has a sha256 digest with uppercase hex digits/],
    [SHA256, /is a bare 64-hex-digit image ID/],
    [`${'a'.repeat(256 - 'docker.io/library/'.length)}`, /has a repository name of 256 characters \(as 'docker\.io\/…'\); at most 255 are allowed/],
    [`example.com/${'a'.repeat(256 - 'example.com/'.length)}:1`, /has a repository name of 256 characters; at most 255/],
  ])('rejects %j', (image, problem) => {
    expect(imageReferenceProblem(image)).toMatch(problem);
  });

  // near-misses that would make a backtracking `[a-z0-9]+(?:[-]*[a-z0-9]+)*` run for ever
  test.each<[string, RegExp]>([
    [`${'a-'.repeat(5000)}!`, /has a path component/],
    [`${'a'.repeat(5000)}!`, /has a path component/],
    [`${'a.'.repeat(5000)}_/b`, /has a registry host/],
    [`example.com/${'a'.repeat(300)}`, /has a repository name of 312 characters/],
  ])('diagnoses the long near-miss %#', (image, problem) => {
    expect(imageReferenceProblem(image)).toMatch(problem);
  });
});

describe('imageTag', () => {
  test.each<[string, string | undefined]>([
    ['busybox', undefined],
    ['busybox:1.36', '1.36'],
    ['busybox:latest', 'latest'],
    ['prom/node-exporter', undefined],
    ['quay.io/prometheus/node-exporter:v1.6.1', 'v1.6.1'],
    ['localhost:5000/app', undefined],
    ['localhost:5000/a/b:1', '1'],
    ['localhost:5000', '5000'],
    ['[::1]:5000/app', undefined],
    ['[::1]:5000/app:v2', 'v2'],
    [`registry.k8s.io/pause@sha256:${SHA256}`, undefined],
    [`localhost:5000/pause@sha256:${SHA256}`, undefined],
    [`a/b:tag@sha256:${SHA256}`, 'tag'],
    [`a/b:latest@sha256:${SHA256}`, 'latest'],
    ['a:', undefined],
  ])('%j has tag %j', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});
