import { z } from 'zod';
import { CHANNELS, type Channel } from '../../../domain/channel';
import { shanghaiInstant } from '../../../domain/time';
import type { ChannelsResponse } from '../../../typings/stats';
import { database, settle } from '../../../server/cloud';
import { COLLECTIONS } from '../../../server/collections';
import { action } from '../../../server/function';
import { loadReference } from '../../../server/reference';
import { periodOf, targetUnit, viewerUnit } from '../figures';
import { date, unitId } from './read';

/**
 * 考核 split by channel (多网合一): the cases filed in the period that the unit's chain holds now, per
 * channel, with how many were closed and how many rated by a follow-up call. The assessment counters
 * stay per unit (a channel split there would multiply every counter write), so this is one
 * aggregation over the `queue` index range instead; cases before channels count as 'miniprogram'.
 */
export const channels = action(
  z.object({ unitId, from: date, to: date }).strict(),
  async (req, ctx): Promise<ChannelsResponse> => {
    const p = periodOf(req.from, req.to);
    const ref = await loadReference(ctx.now);
    const unit = targetUnit(await viewerUnit(ctx, ref), req.unitId, ref);
    const db = database();
    const _ = db.command;
    const $ = db.command.aggregate;
    const res = (await settle(
      db
        .collection(COLLECTIONS.cases)
        .aggregate()
        .match({
          scopeIds: unit.id,
          createdAt: _.gte(shanghaiInstant(p.fromDay)).and(_.lt(shanghaiInstant(p.toDay + 1)))
        })
        .group({
          _id: $.ifNull(['$channel', 'miniprogram']),
          cases: $.sum(1),
          closed: $.sum($.cond([$.eq(['$status', 'closed']), 1, 0])),
          byFollowUp: $.sum($.cond([$.eq(['$ratedBy', 'followUp']), 1, 0]))
        })
        .end()
    )) as { list: Array<{ _id: Channel; cases: number; closed: number; byFollowUp: number }> };
    const found = new Map(res.list.map((r) => [r._id, r]));
    return {
      unitId: unit.id,
      from: req.from,
      to: req.to,
      items: CHANNELS.map((c) => ({
        channel: c,
        cases: found.get(c)?.cases ?? 0,
        closed: found.get(c)?.closed ?? 0,
        byFollowUp: found.get(c)?.byFollowUp ?? 0
      }))
    };
  }
);
