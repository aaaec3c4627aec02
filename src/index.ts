export * from './node-daemon';
export * from './daemon-namespace';
export * from './pod/container';
export * from './pod/pod-security';
export * from './pod/probe';
export * from './pod/resources';
export * from './pod/volumes';
