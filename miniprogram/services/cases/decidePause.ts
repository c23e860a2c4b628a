import type { CaseDetail, Result } from '../../../typings';
import { callFunction, type RequestFields } from '../cloud';

/** 上级审批挂起：同意则挂起期间停止计时，不同意则恢复计时。 */
export function decidePause(req: RequestFields<'cases', 'decidePause'>): Promise<Result<CaseDetail>> {
  return callFunction('cases', 'decidePause', req);
}
