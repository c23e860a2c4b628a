import type { Result, SubmitRequest, SubmitResponse } from '../../../typings';
import { callFunction } from '../cloud';

/** 我要吹哨: files a case; the same requestId twice gives the same case. */
export function submitCase(req: SubmitRequest): Promise<Result<SubmitResponse>> {
  return callFunction('cases', 'submit', req);
}
