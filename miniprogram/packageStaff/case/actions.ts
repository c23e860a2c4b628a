// The 办理 table of the staff case page: each action's label, prompt and outcome, the buttons an allowed
// action shows, and its call. Which ones to offer is the server's `allowedActions`; 督办 ones are in
// ./oversight. Each names the server's action whose text limit its text box keeps to (org.catalog).
import type { AllowedAction, CaseDetail, Result, TextAction } from '../../../typings';
import { acceptCase } from '../../services/cases/accept';
import { checkIn } from '../../services/cases/checkIn';
import { escalateCase } from '../../services/cases/escalate';
import { rejectCase } from '../../services/cases/reject';
import { replyToCase } from '../../services/cases/reply';
import { resolveCase } from '../../services/cases/resolve';
import { transferCase } from '../../services/cases/transfer';
import { whistle } from '../../services/cases/whistle';
import { OVERSIGHT, type ActionSpec, type OversightKey } from './oversight';

type ActionKey = 'accept' | 'reply' | 'transfer' | 'escalate' | 'whistle' | 'resolve' | 'reject' | 'checkIn';
export type Key = ActionKey | OversightKey;

const ACTIONS: Record<ActionKey, ActionSpec> = {
  accept: { label: '受理', done: '已受理', prompt: '受理说明（选填，居民可见）', required: false, text: 'accept' },
  reply: { label: '回复', done: '已回复', prompt: '回复内容（居民可见）', required: true, text: 'reply' },
  transfer: { label: '转办', done: '已转办', prompt: '转办理由', required: true, text: 'transfer' },
  escalate: { label: '上报', done: '已上报', prompt: '上报理由', required: true, text: 'escalate' },
  whistle: { label: '吹哨', done: '已吹哨', prompt: '吹哨原因（部门可见）', required: true, text: 'whistle' },
  resolve: { label: '办结', done: '已办结', prompt: '办理结果（居民可见）', required: true, text: 'resolve' },
  reject: {
    label: '不予受理',
    done: '已不予受理',
    prompt: '不予受理的理由（居民可见）',
    required: true,
    text: 'reject'
  },
  checkIn: { label: '报到', done: '已报到', prompt: '', required: false }
};

export const specOf = (key: Key): ActionSpec =>
  key in ACTIONS ? ACTIONS[key as ActionKey] : OVERSIGHT[key as OversightKey];
export const isOversight = (key: Key): key is OversightKey => key in OVERSIGHT;

/** The text limit of an action's box, from the server's limits (-1: none known, the server still checks). */
export function textLimitOf(key: Key, texts: Record<TextAction, number> | undefined): number {
  const text = specOf(key).text;
  return text && texts ? texts[text] : -1;
}

/** The 办理 buttons for the allowed actions, in the server's order (the rows' own actions show on the rows). */
const BUTTONS: Partial<Record<AllowedAction['type'], Key[]>> = {
  accept: ['accept'],
  reply: ['reply'],
  transfer: ['transfer'],
  escalate: ['escalate'],
  whistle: ['whistle'],
  resolve: ['resolve'],
  reject: ['reject'],
  checkIn: ['checkIn'],
  pause: ['pause'],
  resume: ['resume'],
  decidePause: ['approvePause', 'refusePause'],
  requestExtension: ['extend'],
  decideExtension: ['grant', 'refuse'],
  reassign: ['reassign'],
  dispatch: ['dispatch']
};

/** The buttons the allowed actions show, labelled. */
export function buttonsOf(allowed: readonly AllowedAction[]): Array<{ key: Key; label: string }> {
  const keys: Key[] = [];
  for (const a of allowed) keys.push(...(BUTTONS[a.type] ?? []));
  return keys.map((key) => ({ key, label: specOf(key).label }));
}

/** The unit ids the server allows for a transfer, a whistle or a reassignment. */
export function targetsOf(allowed: readonly AllowedAction[], type: 'transfer' | 'whistle' | 'reassign'): string[] {
  for (const a of allowed) if (a.type === type && 'targets' in a) return a.targets;
  return [];
}

interface Extra {
  toUnitId: string;
  departmentIds: string[];
  minutes: number;
  /** 办结 photos: uploaded cloud file ids. */
  photos?: string[];
}

export function runAction(key: ActionKey, caseId: string, text: string, extra: Extra): Promise<Result<CaseDetail>> {
  switch (key) {
    case 'accept':
      return acceptCase(caseId, text || undefined);
    case 'reply':
      return replyToCase(caseId, text);
    case 'transfer':
      return transferCase(caseId, extra.toUnitId, text);
    case 'escalate':
      return escalateCase(caseId, text);
    case 'whistle':
      return whistle({ caseId, departmentIds: extra.departmentIds, reason: text, reportWithinMinutes: extra.minutes });
    case 'resolve':
      return resolveCase(caseId, text, extra.photos);
    case 'reject':
      return rejectCase(caseId, text);
    case 'checkIn':
      return checkIn({ caseId });
  }
}

/** 常用语: a tap puts one in the text box, to edit before sending (the texts residents read). */
export const QUICK_PHRASES: Partial<Record<Key, readonly string[]>> = {
  accept: ['已受理，工作人员将尽快与您联系。', '已受理，网格员将于今日上门了解情况。'],
  reply: ['已与当事双方联系，正在协调处理。', '已安排工作人员上门了解情况。', '请您保持电话畅通，工作人员将与您联系。'],
  resolve: ['经调解，双方已达成一致意见。', '问题已处理完毕，如有疑问请再次反映。'],
  pause: ['请补充相关照片或书面材料。', '请补充与对方协商的记录。']
};
