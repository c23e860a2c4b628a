import type { ExportRequest, ExportResponse, Result } from '../../../typings';
import { callFunction } from '../cloud';

/** Exports the figures as an xlsx (or CSV) in cloud storage; answers a temporary download link. */
export function exportStats(req: ExportRequest): Promise<Result<ExportResponse>> {
  return callFunction('stats', 'export', req);
}
