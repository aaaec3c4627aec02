import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  envNameProblem,
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
