import { IConstruct } from 'constructs';
import { valueError } from './errors';

/**
 * `id`, if `scope` can take a child with it; otherwise the library's one-line error, instead of the
 * constructs library's own (an empty id, or an id already taken in the scope).
 */
export function checkedId(scope: IConstruct, id: string): string {
  const where = scope.node.path;
  if (id === '') {
    throw valueError(where, 'id', id, 'is empty; only the root of a construct tree may have an empty id', 'give the construct an id such as \'NodeExporter\'');
  }
  const taken = scope.node.tryFindChild(id);
  if (taken) {
    throw valueError(where, 'id', id, `is already taken in this scope (by '${taken.node.path}')`, 'give each construct in a scope its own id');
  }
  return id;
}
