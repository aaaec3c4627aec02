/** Marks a DaemonNamespace, so NodeDaemon can find an enclosing one without importing it. */
export const DAEMON_NAMESPACE_MARK = Symbol.for('cdk8s-daemons.DaemonNamespace');
/** Marks a NodeDaemon (also across copies of this library). */
export const NODE_DAEMON_MARK = Symbol.for('cdk8s-daemons.NodeDaemon');
