// Issue 6 load with the local cloud failing 10% of database requests (before they are applied).
import { runLoad } from './pointsLoad';

// Generous: two cores shared with the rest of the suite; this is not a speed check (speed is in bench/).
jest.setTimeout(300_000);

test('the same load with 10% of database requests failing: the same invariants hold', () => runLoad(0.1, 20260602));
