import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/**
 * A daemon's own ServiceAccount: one `KubeServiceAccount` that is also a cdk8s-plus `IServiceAccount`
 * (role bindings, `grantApiAccess`, cdk8s-plus workloads take it), as `kplus.ServiceAccount` is. Not
 * `kplus.ServiceAccount` itself, which wraps the same object in a second construct (and a lazy list of
 * secrets a daemon never has): cdk8s walks every construct of the app again for each chart it renders,
 * so one construct fewer per daemon is a sixth less of that walk. The YAML is the same.
 */
export class DaemonServiceAccount extends k8s.KubeServiceAccount implements kplus.IServiceAccount {
  /** The API resource type, for RBAC rules that name it. */
  public readonly resourceType = 'serviceaccounts';

  public constructor(scope: Construct, id: string, metadata: ApiObjectMetadata, automountToken: boolean) {
    super(scope, id, { metadata, automountServiceAccountToken: automountToken });
  }

  /**
   * The object as written: `ApiObject`'s rendering, without `KubeServiceAccount`'s second pass through
   * the typed model (its props are plain JSON already), so a JSON patch writes what it says.
   */
  public toJson(): any {
    return ApiObject.prototype.toJson.call(this);
  }

  /** The name of this ServiceAccount, for RBAC rules that name it. */
  public get resourceName(): string {
    return this.name;
  }

  /** As a subject of a RoleBinding or ClusterRoleBinding. */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { kind: this.kind, name: this.name, apiGroup: this.apiGroup, namespace: this.metadata.namespace };
  }
}
