import { randomUUID } from 'node:crypto';
import type { TestCloud } from './localcloud';
import type { CaseDetail, SubmitRequest, SubmitResponse } from '../../typings/cases';
import type { Result } from '../../typings/result';

/** Dadukou ids the tests use (from data/dadukou-org.json). */
export const ORG = {
  district: '500104000000',
  xinshancun: '500104001000', // 新山村街道
  pingan: '500104001001', // 平安社区, under 新山村街道
  ganghua: '500104001004', // 钢花社区, under 新山村街道
  bajiao: '500104101000', // 八桥镇
  bajiaoCommunity: '500104101001' // 五一社区, under 八桥镇
} as const;

export const staffOf = (unitId: string): string => `staff-${unitId}`;

export function newCase(overrides: Partial<SubmitRequest> = {}): SubmitRequest {
  return {
    category: 'neighbor',
    communityId: ORG.pingan,
    description: '楼上住户夜间噪音严重，多次沟通无果，希望社区协调。',
    contactPhone: '13812341234',
    requestId: randomUUID(),
    ...overrides
  };
}

export async function submitOk(
  cloud: TestCloud,
  openid: string,
  overrides: Partial<SubmitRequest> = {}
): Promise<SubmitResponse> {
  const res = await cloud.call<Result<SubmitResponse>>('cases', { action: 'submit', ...newCase(overrides) }, openid);
  if (!res.ok) throw new Error(`submit failed: ${res.code} ${res.message}`);
  return res.data;
}

export async function act(
  cloud: TestCloud,
  openid: string,
  action: string,
  fields: Record<string, unknown>,
  fn = 'cases'
): Promise<Result<CaseDetail>> {
  return cloud.call<Result<CaseDetail>>(fn, { action, ...fields }, openid);
}

export async function actOk(
  cloud: TestCloud,
  openid: string,
  action: string,
  fields: Record<string, unknown>,
  fn = 'cases'
): Promise<CaseDetail> {
  const res = await act(cloud, openid, action, fields, fn);
  if (!res.ok) throw new Error(`${action} failed: ${res.code} ${res.message}`);
  return res.data;
}
