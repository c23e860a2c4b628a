import type { Satisfaction } from '../../../domain/enums';
import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** The reporter rates a resolved case (满意/基本满意 close it; 不满意 sends it back). */
export function rateCase(caseId: string, satisfaction: Satisfaction, comment?: string): Promise<Result<CaseDetail>> {
  return callFunction('ratings', 'rate', comment ? { caseId, satisfaction, comment } : { caseId, satisfaction });
}
