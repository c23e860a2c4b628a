import type { RegisterRequest, Result, SubmitResponse } from '../../../typings';
import { callFunction } from '../cloud';

/** 登记: staff file a case told to them through another channel (12345, desk, patrol, letter…). */
export function registerCase(req: RegisterRequest): Promise<Result<SubmitResponse>> {
  return callFunction('cases', 'register', req);
}
