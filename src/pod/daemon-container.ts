import * as kplus from 'cdk8s-plus-27';
import { DaemonPort } from './container';
import { ContainerModel } from './container-model';
import { ContainerVolumeMount } from './volumes';
import { snapshot } from '../util/snapshot';

/**
 * A container of a daemon's pods (the main one, a sidecar or an init container), returned by
 * `NodeDaemon.container`, `addContainer` and `addInitContainer` to keep configuring it. Changes are
 * checked with the rest of the daemon when the app is synthesized: every problem at once, whatever
 * the order of the calls.
 */
export class DaemonContainer {
  /** @internal */
  public static _of(model: ContainerModel): DaemonContainer {
    return new DaemonContainer(model);
  }

  /** @internal */
  public readonly _model: ContainerModel;

  private constructor(model: ContainerModel) {
    this._model = model;
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
    this._model.args.push(...args);
  }

  /** Sets an environment variable. */
  public addEnv(name: string, value: kplus.EnvValue): void {
    this._model.env.push({ name, value });
  }

  /** Adds a port the container listens on. */
  public addPort(port: DaemonPort): void {
    this._model.ports.push(snapshot(port));
  }

  /** Mounts one of the daemon's volumes into this container. */
  public addVolumeMount(mount: ContainerVolumeMount): void {
    this._model.mounts.push(snapshot(mount));
  }
}
