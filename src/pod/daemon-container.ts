import * as kplus from 'cdk8s-plus-27';
import { DaemonPort } from './container';
import { ContainerModel } from './container-model';
import { ContainerVolumeMount } from './volumes';
import { snapshot } from '../util/snapshot';

/**
 * A container of a daemon's pods (the main one, a sidecar or an init container), returned by
 * `NodeDaemon.container`, `addContainer` and `addInitContainer` to keep configuring it. Every
 * change is checked against the whole pod before it is made: a change that would make the pod
 * invalid throws and leaves the container as it was.
 */
export class DaemonContainer {
  /** @internal */
  public static _of(model: ContainerModel, check: () => void): DaemonContainer {
    return new DaemonContainer(model, check);
  }

  /** @internal */
  public readonly _model: ContainerModel;
  private readonly check: () => void;

  private constructor(model: ContainerModel, check: () => void) {
    this._model = model;
    this.check = check;
  }

  /** Name of the container. */
  public get name(): string {
    return this._model.name;
  }

  /** The image. */
  public get image(): string {
    return this._model.image;
  }

  /** The arguments in force (a copy); empty for the image's CMD. */
  public get args(): string[] {
    return [...this._model.args];
  }

  /** Appends arguments (after any given by `args`). */
  public addArgs(...args: string[]): void {
    this.append(this._model.args, args);
  }

  /** Sets an environment variable. */
  public addEnv(name: string, value: kplus.EnvValue): void {
    this.append(this._model.env, [{ name, value }]);
  }

  /** Adds a port the container listens on. */
  public addPort(port: DaemonPort): void {
    this.append(this._model.ports, [snapshot(port)]);
  }

  /** Mounts one of the daemon's volumes into this container. */
  public addVolumeMount(mount: ContainerVolumeMount): void {
    this.append(this._model.mounts, [snapshot(mount)]);
  }

  /** Appends `items` to `list`, runs the pod's checks, and takes them out again if the checks fail. */
  private append<T>(list: T[], items: T[]): void {
    list.push(...items);
    try {
      this.check();
    } catch (e) {
      list.splice(list.length - items.length, items.length);
      throw e;
    }
  }
}
