import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceExposeOptions } from './expose/service-options';
import { NodeDaemon, NodeDaemonOptions } from './node-daemon';
import { DaemonContainerOptions } from './pod/container';
import { HostPathMount } from './pod/volumes';
import { valueError } from './util/errors';
import { checkProps } from './util/props';

/**
 * A directory of the node the app writes to (logs, a cache, data that must stay on the node).
 */
export interface HostDirectoryOptions {
  /** Absolute path on the node, e.g. `/var/log/nginx-app`. Created if missing. */
  readonly path: string;

  /** Where the app sees it, e.g. `/var/log/nginx`. */
  readonly mountPath: string;
}

/**
 * An init container that prepares content in a scratch volume the app then serves or reads, as the
 * nginx tutorial's init container writes `index.html`.
 */
export interface InitContentOptions extends DaemonContainerOptions {
  /** The init container's image, e.g. `busybox:1.36`. */
  readonly image: string;

  /** Where both containers see the shared volume, e.g. `/usr/share/nginx/html`. */
  readonly mountPath: string;

  /**
   * Name of the init container.
   * @default 'init-content'
   */
  readonly name?: string;
}

/**
 * Props of a `NodeScopedApp`: every NodeDaemon prop, and the conveniences of an app that runs once
 * per node.
 */
export interface NodeScopedAppProps extends NodeDaemonOptions {
  /** The app's image. */
  readonly image: string;

  /**
   * A writable directory of the node (DirectoryOrCreate), e.g. the app's logs on the node's disk.
   * @default - none
   */
  readonly hostDirectory?: HostDirectoryOptions;

  /**
   * An init container writing content into an emptyDir (`content`) the app mounts read-only.
   * @default - none
   */
  readonly initContent?: InitContentOptions;

  /**
   * Services in front of the app, each as `exposeViaService` takes it (give each after the first an
   * `id`): e.g. a NodePort on 30010 and a LoadBalancer on 8010.
   * @default - none
   */
  readonly services?: ServiceExposeOptions[];
}

/**
 * A generic per-node app: an image on every node (or a labelled subset), with a writable host
 * directory, content prepared by an init container, and Services by the core's patterns. Secure
 * defaults stay (non-root, read-only root filesystem, no API token); the app's component label is `app`.
 *
 * Children: those of NodeDaemon; the Services by their ids.
 */
export class NodeScopedApp extends NodeDaemon {
  constructor(scope: Construct, id: string, props: NodeScopedAppProps) {
    checkProps(`${scope.node.path}/${id}`, 'NodeScopedAppProps', props, [{ key: 'image', type: 'string', example: '\'nginx:1.25\'' }], new.target === NodeScopedApp);
    const path = `${scope.node.path}/${id}`;
    const dir = props.hostDirectory;
    if (dir && (!dir.path.startsWith('/') || dir.path.split('/').includes('..') || dir.path === '/')) {
      throw valueError(path, 'hostDirectory.path', dir.path, 'must be an absolute node path below / without \'..\'', 'give a directory of its own, e.g. \'/var/log/nginx-app\'');
    }
    const mounts: HostPathMount[] = [
      ...(dir ? [{ name: 'host-data', path: dir.path, mountPath: dir.mountPath, readOnly: false, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }] : []),
      ...(props.hostPathMounts ?? []),
    ];
    const content = props.initContent;
    super(scope, id, {
      component: 'app',
      ...props,
      hostPathMounts: mounts,
      emptyDirs: [...(content ? [{ name: 'content' }] : []), ...(props.emptyDirs ?? [])],
      volumeMounts: [...(content ? [{ volume: 'content', mountPath: content.mountPath, readOnly: true }] : []), ...(props.volumeMounts ?? [])],
      initContainers: [
        ...(content ? [{ ...content, name: content.name ?? 'init-content', volumeMounts: [{ volume: 'content', mountPath: content.mountPath }, ...(content.volumeMounts ?? [])] }] : []),
        ...(props.initContainers ?? []),
      ],
    });
    // All or nothing: a preset whose own part throws leaves nothing in the tree.
    try {
      (props.services ?? []).forEach(s => this.exposeViaService(s));
    } catch (e) {
      scope.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }
}
