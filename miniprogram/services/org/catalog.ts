import type { OrgCatalog, Result } from '../../../typings';
import { callFunction } from '../cloud';
import { remembered } from '../remember';

/** Categories and towns → communities, for the pickers (asked once per visit, see services/remember). */
export const getCatalog: () => Promise<Result<OrgCatalog>> = remembered(() => callFunction('org', 'catalog'));
