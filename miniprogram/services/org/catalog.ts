import type { OrgCatalog, Result } from '../../../typings';
import { callFunction } from '../cloud';
import { remembered } from '../remember';

/** Categories, towns → communities and departments for the pickers, and the forms' limits (asked once per visit, see services/remember). */
export const getCatalog: () => Promise<Result<OrgCatalog>> = remembered(() => callFunction('org', 'catalog'));
