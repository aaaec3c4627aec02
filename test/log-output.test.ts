/**
 * LogOutput's own checks, each limit on both sides and each message whole (found by mutation testing,
 * issue 23: most of them were reached by no test, and the port's limits by none on either side).
 */
import * as kplus from 'cdk8s-plus-27';
import { LogOutput, LogSecret } from '../src';

const secret = kplus.Secret.fromSecretName(undefined as any, 'x', 'es-creds');
const password = LogSecret.fromSecret(secret, 'password');

describe('LogOutput checks what it is given', () => {
  test('port: 1 and 65535 are accepted; 0, 65536 and 1.5 are refused with the whole message', () => {
    expect(LogOutput.elasticsearch({ host: 'es', port: 1 }).port).toBe(1);
    expect(LogOutput.elasticsearch({ host: 'es', port: 65535 }).port).toBe(65535);
    for (const port of [0, 65536, 1.5]) {
      expect(() => LogOutput.elasticsearch({ host: 'es', port }))
        .toThrow(`[LogOutput.elasticsearch] port = ${port}: must be an integer from 1 to 65535. Fix: give the backend's port`);
    }
    expect(LogOutput.elasticsearch({ host: 'es' }).port).toBe(9200);
  });

  test('host: a DNS name or an IP (v4 or v6); anything else is refused', () => {
    expect(LogOutput.loki({ host: 'loki.logging.svc' }).host).toBe('loki.logging.svc');
    expect(LogOutput.loki({ host: '10.0.0.5' }).host).toBe('10.0.0.5');
    expect(LogOutput.loki({ host: 'x' }).host).toBe('x'); // a one-letter Service name (not hex, so not read as IPv6)
    expect(LogOutput.loki({ host: 'fd00::5' }).host).toBe('fd00::5');
    for (const host of ['', 'http://loki', 'loki:3100x', '[fd00::5]', 'fd00::5/64', '-loki']) {
      expect(() => LogOutput.loki({ host })).toThrow(`[LogOutput.loki] host = ${JSON.stringify(host)}: is not a host name or IP address. Fix: give the backend's DNS name, e.g. 'elasticsearch.logging.svc'`);
    }
  });

  test('index: lowercase, starting with a letter or digit, to the end', () => {
    expect(LogOutput.openSearch({ host: 'os', index: 'k8s-logs_1.a' }).index).toBe('k8s-logs_1.a');
    for (const index of ['Logs', '-logs', 'logs!', 'lo gs']) {
      expect(() => LogOutput.openSearch({ host: 'os', index }))
        .toThrow(`[LogOutput.openSearch] index = ${JSON.stringify(index)}: is not an index name (lowercase letters, digits, '-', '_', '.'). Fix: use a name such as 'logs'`);
    }
  });

  test('path: OTLP/HTTP only, a URL path from its first character to its last', () => {
    expect(LogOutput.otlpHttp({ host: 'otel', path: '/otlp/v1' }).path).toBe('/otlp/v1');
    for (const path of ['otlp', 'x/otlp', '/otlp?x=1']) {
      expect(() => LogOutput.otlpHttp({ host: 'otel', path })).toThrow(`[LogOutput.otlpHttp] path = ${JSON.stringify(path)}: must be a URL path starting with '/'. Fix: write it as '/otlp'`);
    }
    expect(() => LogOutput.otlp({ host: 'otel', path: '/otlp' }))
      .toThrow('[LogOutput.otlp] path = "/otlp": is a base path of OTLP/HTTP, which gRPC does not have. Fix: leave path out, or use LogOutput.otlpHttp');
  });

  test('uri: must start with /', () => {
    expect(LogOutput.http({ host: 'logs', uri: '/ingest' }).uri).toBe('/ingest');
    expect(() => LogOutput.http({ host: 'logs', uri: 'ingest' })).toThrow('[LogOutput.http] uri = "ingest": must start with \'/\'. Fix: write the request path, e.g. \'/logs\'');
  });

  test('Loki labels: names of letters, digits and _ (not a digit first), values without quotes or newlines; every label is checked', () => {
    expect(LogOutput.loki({ host: 'loki', labels: { cluster: 'prod', _env: 'a b' } }).labels).toEqual({ cluster: 'prod', _env: 'a b' });
    for (const name of ['1cluster', 'clus-ter', 'cluster!', 'x.y']) {
      expect(() => LogOutput.loki({ host: 'loki', labels: { ok: 'a', [name]: 'b' } }))
        .toThrow(`[LogOutput.loki] labels = ${JSON.stringify(name)}: is not a Loki label name. Fix: use letters, digits and '_', not starting with a digit`);
    }
    expect(() => LogOutput.loki({ host: 'loki', labels: { ok: 'a', team: 'say "hi"' } }))
      .toThrow('[LogOutput.loki] labels[\'team\'] = "say \\"hi\\"": holds a quote or a newline. Fix: use a plain value');
    expect(() => LogOutput.loki({ host: 'loki', labels: { team: 'a\nb' } })).toThrow(/holds a quote or a newline/);
  });

  test('basic authentication needs both halves, and says which one is missing', () => {
    expect(LogOutput.elasticsearch({ host: 'es', user: 'fluent', password }).user).toBe('fluent');
    for (const make of [LogOutput.elasticsearch, LogOutput.openSearch, LogOutput.loki, LogOutput.http, LogOutput.otlp, LogOutput.otlpHttp]) {
      expect(make({ host: 'backend', user: 'fluent', password }).secrets.password).toBe(password);
    }
    expect(() => LogOutput.elasticsearch({ host: 'es', user: 'fluent' }))
      .toThrow('[LogOutput.elasticsearch] user = "fluent": is half of basic authentication. Fix: give both user and password');
    expect(() => LogOutput.elasticsearch({ host: 'es', password }))
      .toThrow('[LogOutput.elasticsearch] password = "<secret>": is half of basic authentication. Fix: give both user and password');
  });

  test('a forward shared key needs TLS', () => {
    const sharedKey = LogSecret.fromSecret(secret, 'shared-key');
    expect(LogOutput.forward({ host: 'agg', sharedKey, tls: true }).secrets.sharedKey).toBe(sharedKey);
    expect(() => LogOutput.forward({ host: 'agg', sharedKey }))
      .toThrow('[LogOutput.forward] sharedKey = "<secret>": would be sent in the clear: the forward protocol\'s shared key needs TLS. Fix: set tls: true');
  });

  test('a credential given as plain text is refused without showing it; any other type is named', () => {
    expect(() => LogOutput.loki({ host: 'loki', bearerToken: 's3cret' as any }))
      .toThrow('[LogOutput.loki] bearerToken = \'<redacted>\': is given as plain string, which would land in the ConfigMap. Fix: store it in a Secret and pass LogSecret.fromSecret(secret, \'bearerToken\')');
    expect(() => LogOutput.loki({ host: 'loki', bearerToken: 42 as any })).toThrow('[LogOutput.loki] bearerToken = number: is given as plain number');
  });

  test('stdout has no host and no port, and nothing to check', () => {
    const out = LogOutput.stdout();
    expect([out.type, out.host, out.port]).toEqual(['stdout', '', 0]);
  });
});

describe('LogSecret.fromSecret', () => {
  test('a key of Secret data characters; a Secret name the API server accepts', () => {
    expect(LogSecret.fromSecret(secret, 'es.pass_word-1').key).toBe('es.pass_word-1');
    expect(() => LogSecret.fromSecret(secret, 'pass word')).toThrow('[LogSecret.fromSecret] key = \'pass word\': is not a Secret data key');
    expect(() => LogSecret.fromSecret(secret, undefined as any)).toThrow('[LogSecret.fromSecret] key = \'undefined\': is not a Secret data key');
    expect(() => LogSecret.fromSecret(kplus.Secret.fromSecretName(undefined as any, 'y', 'ES_Creds'), 'password'))
      .toThrow(/^\[LogSecret\.fromSecret\] secret\.name = 'ES_Creds': Secret name .* \(the API server refuses secretKeyRef\.name\)\. Fix: /);
    expect(() => LogSecret.fromSecret(undefined as any, 'password')).toThrow(/^\[LogSecret\.fromSecret\] secret\.name = undefined: Secret name /);
  });
});
