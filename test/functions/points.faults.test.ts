// Issue 6 load with the local cloud failing 10% of database requests (before they are applied).
import { runLoad } from './pointsLoad';

jest.setTimeout(120_000);

test('the same load with 10% of database requests failing: the same invariants hold', () => runLoad(0.1, 20260602));
