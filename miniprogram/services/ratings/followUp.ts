import type { Satisfaction } from '../../../domain/enums';
import type { CaseDetail, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 回访：群众7天内未评价的已办结诉求，工作人员回访后记录满意度。 */
export function recordFollowUp(caseId: string, satisfaction: Satisfaction, note: string): Promise<Result<CaseDetail>> {
  return callFunction('ratings', 'followUp', { caseId, satisfaction, note });
}
