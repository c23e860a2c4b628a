// 每月一题 (未诉先办): the month's top clusters, the 综治中心's pick and published outcome, and the export.
import type { MonthlyTopicsResponse, Result, TopicExportResponse } from '../../typings';
import { callFunction } from './cloud';

/** The month's ('YYYY-MM') top clusters in the caller's scope, with the pick if any. */
export function getMonthlyTopics(month: string): Promise<Result<MonthlyTopicsResponse>> {
  return callFunction('proactive', 'monthly', { month });
}

/** 区综治中心: picks a cluster of the month as 每月一题. */
export function pickMonthlyTopic(month: string, key: string): Promise<Result<MonthlyTopicsResponse>> {
  return callFunction('proactive', 'pickTopic', { month, key });
}

/** 区综治中心: publishes the outcome once the topic's case is resolved. */
export function publishMonthlyTopic(month: string, outcome: string): Promise<Result<MonthlyTopicsResponse>> {
  return callFunction('proactive', 'publishTopic', { month, outcome });
}

/** The month's clusters as an xlsx in cloud storage, with a temporary link. */
export function exportMonthlyTopics(month: string): Promise<Result<TopicExportResponse>> {
  return callFunction('proactive', 'export', { month });
}
