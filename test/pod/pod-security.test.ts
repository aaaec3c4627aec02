import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import {
  evaluatePodSecurity,
  leastStrictLevel,
  PodSecurityLevel,
  podSecurityRank,
} from '../../src/pod/pod-security';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'pss');

/** [fileName, pod] for every YAML fixture in fixtures/pss/<level>/<outcome>. */
function loadFixtures(level: 'baseline' | 'restricted', outcome: 'pass' | 'fail'): Array<[string, any]> {
  const dir = path.join(FIXTURES, level, outcome);
  return fs.readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .map(file => [file, parse(fs.readFileSync(path.join(dir, file), 'utf-8'))]);
}

function evaluate(pod: any) {
  return evaluatePodSecurity(pod.spec, pod.metadata);
}

/** A pod that satisfies every restricted check. */
function hardenedSpec(): any {
  const securityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  };
  return {
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [{ name: 'agent', image: 'agent:1', securityContext }],
    initContainers: [{ name: 'init', image: 'init:1', securityContext }],
    volumes: [
      { name: 'buffer', emptyDir: {} },
      { name: 'config', configMap: { name: 'agent-config' } },
    ],
  };
}

describe('official PSS fixtures', () => {
  const baselinePass = loadFixtures('baseline', 'pass');
  const baselineFail = loadFixtures('baseline', 'fail');
  const restrictedPass = loadFixtures('restricted', 'pass');
  const restrictedFail = loadFixtures('restricted', 'fail');

  test('fixtures are present', () => {
    expect(baselinePass.length).toBeGreaterThan(0);
    expect(baselineFail.length).toBeGreaterThan(0);
    expect(restrictedPass.length).toBeGreaterThan(0);
    expect(restrictedFail.length).toBeGreaterThan(0);
  });

  test.each(baselinePass)('baseline/pass/%s satisfies baseline', (_file, pod) => {
    const report = evaluate(pod);
    expect([PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]).toContain(report.level);
    expect(report.violations.filter(v => v.level === PodSecurityLevel.BASELINE)).toEqual([]);
  });

  test.each(baselineFail)('baseline/fail/%s is privileged', (_file, pod) => {
    const report = evaluate(pod);
    expect(report.level).toBe(PodSecurityLevel.PRIVILEGED);
    expect(report.violations.some(v => v.level === PodSecurityLevel.BASELINE)).toBe(true);
  });

  test.each(restrictedPass)('restricted/pass/%s satisfies restricted', (_file, pod) => {
    const report = evaluate(pod);
    expect(report.violations).toEqual([]);
    expect(report.level).toBe(PodSecurityLevel.RESTRICTED);
  });

  test.each(restrictedFail)('restricted/fail/%s is not restricted', (_file, pod) => {
    const report = evaluate(pod);
    expect(report.level).not.toBe(PodSecurityLevel.RESTRICTED);
    expect(report.violations.length).toBeGreaterThan(0);
  });

  // Each fixture is named after the check it exercises; make sure that check is the one that fires.
  test.each([...baselineFail, ...restrictedFail])('%s fails the check it is named after', (file, pod) => {
    const expected: Record<string, string> = {
      windowshostprocess: 'windowsHostProcess',
      hostnamespaces: 'hostNamespaces',
      privileged: 'privileged',
      capabilities_baseline: 'capabilities_baseline',
      hostpathvolumes: 'hostPathVolumes',
      hostports: 'hostPorts',
      apparmorprofile: 'appArmorProfile',
      selinuxoptions: 'seLinuxOptions',
      procmount: 'procMount',
      seccompprofile_baseline: 'seccompProfile_baseline',
      sysctls: 'sysctls',
      restrictedvolumes: 'restrictedVolumes',
      allowprivilegeescalation: 'allowPrivilegeEscalation',
      runasnonroot: 'runAsNonRoot',
      runasuser: 'runAsUser',
      seccompprofile_restricted: 'seccompProfile_restricted',
      capabilities_restricted: 'capabilities_restricted',
    };
    const prefix = file.replace(/\d*\.yaml$/, '');
    expect(expected[prefix]).toBeDefined();
    expect(evaluate(pod).violations.map(v => v.check)).toContain(expected[prefix]);
  });
});

describe('evaluatePodSecurity', () => {
  test('hostPID and a hostPath volume make a pod privileged', () => {
    const report = evaluatePodSecurity({
      hostPID: true,
      containers: [{ name: 'agent', image: 'agent:1' }],
      volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
    });
    expect(report.level).toBe(PodSecurityLevel.PRIVILEGED);
    const checks = report.violations.map(v => v.check);
    expect(checks).toEqual(expect.arrayContaining(['hostNamespaces', 'hostPathVolumes']));
    expect(report.violations).toContainEqual({
      level: PodSecurityLevel.BASELINE,
      check: 'hostNamespaces',
      detail: 'hostPID=true',
    });
    expect(report.violations).toContainEqual({
      level: PodSecurityLevel.BASELINE,
      check: 'hostPathVolumes',
      detail: 'hostPath volume "varlog"',
    });
  });

  test('empty values the upstream checks allow: an seLinuxOptions user or role of \'\', an AppArmor annotation of \'\' (issue 23: hand mutation audit)', () => {
    const spec = hardenedSpec();
    spec.securityContext.seLinuxOptions = { user: '', role: '', type: 'container_t' };
    expect(evaluatePodSecurity(spec)).toEqual({ level: PodSecurityLevel.RESTRICTED, violations: [] });
    spec.securityContext.seLinuxOptions = { user: 'system_u' };
    expect(evaluatePodSecurity(spec).level).toBe(PodSecurityLevel.PRIVILEGED);
    expect(evaluatePodSecurity(hardenedSpec(), { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent': '' } })).toEqual({ level: PodSecurityLevel.RESTRICTED, violations: [] });
    expect(evaluatePodSecurity(hardenedSpec(), { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent': 'unconfined' } }).level).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('a fully hardened pod is restricted', () => {
    expect(evaluatePodSecurity(hardenedSpec())).toEqual({
      level: PodSecurityLevel.RESTRICTED,
      violations: [],
    });
  });

  test('a pod running as root with no other issue is baseline', () => {
    const spec = hardenedSpec();
    spec.securityContext.runAsUser = 0;
    const report = evaluatePodSecurity(spec);
    expect(report.level).toBe(PodSecurityLevel.BASELINE);
    expect(report.violations).toEqual([{
      level: PodSecurityLevel.RESTRICTED,
      check: 'runAsUser',
      detail: 'pod must not set runAsUser=0',
    }]);
  });

  test('a plain pod with no security context is baseline', () => {
    const report = evaluatePodSecurity({ containers: [{ name: 'agent', image: 'agent:1' }] });
    expect(report.level).toBe(PodSecurityLevel.BASELINE);
    expect(report.violations.map(v => v.check).sort()).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });

  test('details name the offending containers', () => {
    const spec = hardenedSpec();
    delete spec.containers[0].securityContext;
    const report = evaluatePodSecurity(spec);
    expect(report.violations).toContainEqual({
      level: PodSecurityLevel.RESTRICTED,
      check: 'allowPrivilegeEscalation',
      detail: 'container "agent" must set securityContext.allowPrivilegeEscalation=false',
    });
  });

  test('ephemeral containers are checked too', () => {
    const spec = hardenedSpec();
    spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }];
    const report = evaluatePodSecurity(spec);
    expect(report.level).toBe(PodSecurityLevel.PRIVILEGED);
    expect(report.violations.find(v => v.check === 'privileged')?.detail).toContain('"debug"');
  });

  test('details list containers in the admission\'s order: init containers, then containers, then ephemeral containers', () => {
    const report = evaluatePodSecurity({
      containers: [{ name: 'main', image: 'a:1', securityContext: { privileged: true } }],
      initContainers: [{ name: 'init', image: 'a:1', securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: 'debug', image: 'a:1', securityContext: { privileged: true } }],
    });
    expect(report.violations.find(v => v.check === 'privileged')?.detail)
      .toBe('containers "init", "main", "debug" must not set securityContext.privileged=true');
  });

  test('host ports as the admission lists them: each once, sorted as strings; with hostNetwork, a port without a hostPort is one (the API server\'s default)', () => {
    const hostPorts = (spec: any) => evaluatePodSecurity(spec).violations.find(v => v.check === 'hostPorts')?.detail;
    expect(hostPorts({
      containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 9100, hostPort: 9100 }, { containerPort: 80, hostPort: 80 }] }],
      initContainers: [{ name: 'i', image: 'a:1', ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 10250, hostPort: 10250 }] }],
    })).toBe('containers "i", "a" use hostPorts 10250, 80, 9100');
    // hostNetwork: every port of a container or init container is a host port, hostPort 0 included
    const hostNetwork = {
      hostNetwork: true,
      containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 9100 }, { containerPort: 8080, hostPort: 0 }] }],
      initContainers: [{ name: 'i', image: 'a:1', ports: [{ containerPort: 53 }] }],
    };
    expect(hostPorts(hostNetwork)).toBe('containers "i", "a" use hostPorts 53, 8080, 9100');
    // without hostNetwork, a containerPort alone is none; hostNetwork: false is the same
    expect(hostPorts({ ...hostNetwork, hostNetwork: undefined })).toBeUndefined();
    expect(hostPorts({ ...hostNetwork, hostNetwork: false })).toBeUndefined();
    // ephemeral containers are not defaulted (the API server defaults containers and init containers only)
    expect(hostPorts({ hostNetwork: true, containers: [{ name: 'a', image: 'a:1' }], ephemeralContainers: [{ name: 'd', image: 'a:1', ports: [{ containerPort: 80 }] }] })).toBeUndefined();
  });

  test('every fixture\'s findings, word for word (the conformance step compares each with k8s.io/pod-security-admission\'s ForbiddenDetail)', () => {
    const findings: { [fixture: string]: string[] } = {};
    for (const level of ['baseline', 'restricted'] as const) {
      for (const outcome of ['pass', 'fail'] as const) {
        for (const [file, pod] of loadFixtures(level, outcome)) {
          findings[`${level}/${outcome}/${file}`] = evaluate(pod).violations.map(v => `${v.level} ${v.check}: ${v.detail}`);
        }
      }
    }
    expect(findings).toMatchSnapshot();
  });

  test('lists and plurals as the admission words them: values sorted, setters joined, each check\'s noun (the conformance step compares random pods of these shapes)', () => {
    const c = (name: string, securityContext?: any, extra: any = {}) => ({ name, image: 'a:1', ...(securityContext ? { securityContext } : {}), ...extra });
    const detail = (check: string, spec: any, metadata?: any) => evaluatePodSecurity(spec, metadata).violations.find(v => v.check === check)?.detail;
    const caps = { containers: [c('a', { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN', 'CHOWN'] } }), c('b', { capabilities: { add: ['BPF'] } })] };
    expect(detail('capabilities_baseline', caps)).toBe('containers "a", "b" must not include "BPF", "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add');
    expect(detail('capabilities_restricted', caps)).toBe('containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b" must not include "BPF", "CHOWN", "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add');
    expect(detail('seLinuxOptions', { securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [c('a', { seLinuxOptions: { user: 'root', role: 'sysadm_r' } }), c('b', { seLinuxOptions: { type: 'foo_t' } })] }))
      .toBe('pod and containers "a", "b" set forbidden securityContext.seLinuxOptions: types "foo_t", "spc_t"; user may not be set; role may not be set');
    expect(detail('procMount', { containers: [c('a', { procMount: 'Unmasked' }), c('b', { procMount: 'Other' })] })).toBe('containers "a", "b" must not set securityContext.procMount to "Other", "Unmasked"');
    const seccomp = { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a', { seccompProfile: { type: 'Unconfined' } }), c('b', { seccompProfile: { type: 'Bogus' } })] };
    expect(detail('seccompProfile_baseline', seccomp)).toBe('pod and containers "a", "b" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined"');
    expect(detail('seccompProfile_restricted', seccomp)).toBe('pod and containers "a", "b" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined"');
    // a profile the API server accepts passes the baseline check; the restricted one wants every container covered
    expect(detail('seccompProfile_baseline', { containers: [c('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }), c('b', { seccompProfile: { type: 'RuntimeDefault' } })] })).toBeUndefined();
    expect(detail('sysctls', { securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '1' }] }, containers: [c('a')] }))
      .toBe('forbidden sysctls net.core.somaxconn, kernel.msgmax');
    expect(detail('appArmorProfile', { containers: [c('a'), c('b')] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/b': 'bogus', 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined', 'other': 'unconfined' } }))
      .toBe('forbidden AppArmor annotations container.apparmor.security.beta.kubernetes.io/a="unconfined", container.apparmor.security.beta.kubernetes.io/b="bogus"');
    const volumes = { volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }, { name: 'h', hostPath: { path: '/' } }, { name: 'g', gcePersistentDisk: { pdName: 'p' } }, { name: 'e', emptyDir: {} }], containers: [c('a')] };
    expect(detail('hostPathVolumes', volumes)).toBe('hostPath volume "h"');
    expect(detail('restrictedVolumes', volumes)).toBe('volumes "n", "h", "g" use restricted volume types "gcePersistentDisk", "hostPath", "nfs"');
    expect(detail('hostNamespaces', { hostNetwork: true, hostPID: true, hostIPC: true, containers: [c('a')] })).toBe('hostNetwork=true, hostPID=true, hostIPC=true');
    expect(detail('windowsHostProcess', { securityContext: { windowsOptions: { hostProcess: true } }, containers: [c('a', { windowsOptions: { hostProcess: true } }), c('b', { windowsOptions: { hostProcess: true } })] }))
      .toBe('pod and containers "a", "b" must not set securityContext.windowsOptions.hostProcess=true');
  });

  test('malformed entries (null containers, ports, volumes, sysctls) are read as empty, not as a crash', () => {
    const report = evaluatePodSecurity({
      containers: [null, { name: 'a', image: 'a:1', securityContext: null, ports: [null, { containerPort: 80, hostPort: 80 }] }],
      volumes: [null, { name: 'h', hostPath: null }, { name: 'n', nfs: null }],
      securityContext: { sysctls: [null], seccompProfile: null },
    });
    expect(report.violations.map(v => `${v.check}: ${v.detail}`)).toEqual([
      'hostPorts: container "a" uses hostPort 80',
      'sysctls: forbidden sysctl ',
      'allowPrivilegeEscalation: containers "", "a" must set securityContext.allowPrivilegeEscalation=false',
      'runAsNonRoot: pod or containers "", "a" must set securityContext.runAsNonRoot=true',
      'seccompProfile_restricted: pod or containers "", "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      'capabilities_restricted: containers "", "a" must set securityContext.capabilities.drop=["ALL"]',
    ]);
  });

  test('a field present without its value reads as the admission reads it: a seccomp profile without a type is an empty type, an AppArmor annotation without a value is the runtime\'s default, a volume of a source the checks do not know is \'unknown\'', () => {
    const detail = (check: string, spec: any, metadata?: any) => evaluatePodSecurity(spec, metadata).violations.find(v => v.check === check)?.detail;
    const noType = { securityContext: { seccompProfile: {} }, containers: [{ name: 'a', image: 'a:1', securityContext: { seccompProfile: {} } }] };
    expect(detail('seccompProfile_baseline', noType)).toBe('pod and container "a" must not set securityContext.seccompProfile.type to ""');
    expect(detail('seccompProfile_restricted', noType)).toBe('pod and container "a" must not set securityContext.seccompProfile.type to ""');
    expect(detail('appArmorProfile', { containers: [{ name: 'a', image: 'a:1' }] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': null } })).toBeUndefined();
    expect(detail('restrictedVolumes', { volumes: [{ name: 'x', someFutureVolume: { path: '/' } }], containers: [{ name: 'a', image: 'a:1' }] }))
      .toBe('volume "x" uses restricted volume type "unknown"');
    // a null port of a hostNetwork pod is no port
    expect(detail('hostPorts', { hostNetwork: true, containers: [{ name: 'a', image: 'a:1', ports: [null, { containerPort: 53 }] }] })).toBe('container "a" uses hostPort 53');
  });

  test('windows pods skip the linux-only restricted checks', () => {
    const report = evaluatePodSecurity({
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'agent', image: 'agent:1' }],
    });
    expect(report.level).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('tolerates missing or malformed input', () => {
    expect(evaluatePodSecurity(undefined).level).toBe(PodSecurityLevel.RESTRICTED);
    expect(evaluatePodSecurity({}).level).toBe(PodSecurityLevel.RESTRICTED);
    expect(evaluatePodSecurity({ containers: [{ name: 'a' }] }, null).level).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('podSecurityRank', () => {
  test('orders levels from least to most strict', () => {
    expect(podSecurityRank(PodSecurityLevel.PRIVILEGED)).toBe(0);
    expect(podSecurityRank(PodSecurityLevel.BASELINE)).toBe(1);
    expect(podSecurityRank(PodSecurityLevel.RESTRICTED)).toBe(2);
  });
});

describe('leastStrictLevel', () => {
  test('is restricted for an empty list', () => {
    expect(leastStrictLevel([])).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('picks the least strict level', () => {
    expect(leastStrictLevel([PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE])).toBe(PodSecurityLevel.BASELINE);
    expect(leastStrictLevel([
      PodSecurityLevel.BASELINE,
      PodSecurityLevel.PRIVILEGED,
      PodSecurityLevel.RESTRICTED,
    ])).toBe(PodSecurityLevel.PRIVILEGED);
    expect(leastStrictLevel([PodSecurityLevel.RESTRICTED])).toBe(PodSecurityLevel.RESTRICTED);
  });
});
