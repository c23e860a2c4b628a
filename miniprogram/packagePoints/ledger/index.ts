// 积分明细: every entry of the resident's ledger, newest first.
import type { PointsEntryView } from '../../../typings';
import { pagedList } from '../../behaviors/pagedList';
import { getLedger } from '../../services/points/ledger';
import { formatTime } from '../../utils/format';
import { ENTRY_LABELS, signed } from '../common';
import { elderMode } from '../../behaviors/elderMode';

const toRow = (e: PointsEntryView) => ({
  entryId: e.entryId,
  kindLabel: ENTRY_LABELS[e.kind],
  note: e.note,
  amount: signed(e.points),
  plus: e.points > 0,
  balanceAfter: e.balanceAfter,
  at: formatTime(e.at)
});

Component({
  behaviors: [elderMode, pagedList({ fetchPage: (cursor) => getLedger(cursor), toRow })]
});
