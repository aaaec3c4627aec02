/** The control-plane role key (kubeadm, 1.24+), as a node label and as a taint key. */
export const CONTROL_PLANE_KEY = 'node-role.kubernetes.io/control-plane';
/** The legacy control-plane role key of clusters before 1.24. */
export const MASTER_KEY = 'node-role.kubernetes.io/master';
