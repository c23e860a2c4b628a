import type { OrgCatalog, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Categories and towns → communities, for the pickers. */
export function getCatalog(): Promise<Result<OrgCatalog>> {
  return callFunction('org', 'catalog');
}
