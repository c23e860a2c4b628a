import type { PointsCode, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** 我的积分码：短时有效的随机数字，工作人员扫码发放德分；不含账号。 */
export function getMyPointsCode(): Promise<Result<PointsCode>> {
  return callFunction('points', 'myCode', {});
}
