// Stock shards (issue 18): how a new item, a restock and a redemption spread over an item's shards.
import fc from 'fast-check';
import {
  MAX_SHARDS,
  pickShard,
  planTakes,
  spreadRestock,
  spreadStock,
  suggestedShards,
  type ShardStock
} from '../../domain/points/stock';

const SEED = { seed: 20260618, numRuns: 300 };

const shardsArb = fc
  .array(fc.nat(40), { minLength: 1, maxLength: MAX_SHARDS })
  .map((stocks) => stocks.map((stock, shard): ShardStock => ({ shard, stock })));
const sum = (list: readonly ShardStock[]): number => list.reduce((n, s) => n + s.stock, 0);

describe('shard counts', () => {
  test('one shard per 25 in stock, from 1 to 16', () => {
    expect([0, 24, 25, 49, 50, 399, 400, 100_000].map(suggestedShards)).toEqual([1, 1, 1, 1, 2, 15, 16, 16]);
  });
});

describe('spreading stock', () => {
  test('a new item: its stock over its shards as evenly as it goes', () => {
    expect(spreadStock(10, 4)).toEqual([3, 3, 2, 2]);
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: MAX_SHARDS }), (total, n) => {
        const s = spreadStock(total, n);
        return s.length === n && s.reduce((a, b) => a + b, 0) === total && Math.max(...s) - Math.min(...s) <= 1;
      }),
      SEED
    );
  });

  test('a restock fills the emptiest shards first and adds exactly its quantity', () => {
    expect(
      spreadRestock(
        [
          { shard: 0, stock: 5 },
          { shard: 1, stock: 0 },
          { shard: 2, stock: 2 }
        ],
        4
      )
    ).toEqual([
      { shard: 1, stock: 3 },
      { shard: 2, stock: 1 }
    ]);
    fc.assert(
      fc.property(shardsArb, fc.integer({ min: 1, max: 500 }), (shards, quantity) => {
        const adds = spreadRestock(shards, quantity);
        if (sum(adds) !== quantity || adds.some((a) => a.stock <= 0)) return false;
        const after = shards.map((s) => s.stock + (adds.find((a) => a.shard === s.shard)?.stock ?? 0));
        const low = Math.min(...after);
        // Receivers end at the lowest level or one above it; nobody that got nothing is below it.
        return adds.every((a) => after[a.shard] <= low + 1);
      }),
      SEED
    );
  });
});

describe('taking a redemption from the shards', () => {
  test('all it can from the first shard, the rest from the fullest others; null only when all hold too little', () => {
    const shards: ShardStock[] = [
      { shard: 0, stock: 1 },
      { shard: 1, stock: 0 },
      { shard: 2, stock: 4 },
      { shard: 3, stock: 2 }
    ];
    expect(planTakes(shards, 1, 2)).toEqual([{ shard: 2, stock: 1 }]);
    expect(planTakes(shards, 3, 1)).toEqual([{ shard: 2, stock: 3 }]);
    expect(planTakes(shards, 6, 0)).toEqual([
      { shard: 0, stock: 1 },
      { shard: 2, stock: 4 },
      { shard: 3, stock: 1 }
    ]);
    expect(planTakes(shards, 8, 0)).toBeNull();
    fc.assert(
      fc.property(shardsArb, fc.integer({ min: 1, max: 60 }), fc.nat(MAX_SHARDS), (list, quantity, first) => {
        const takes = planTakes(list, quantity, first);
        if (sum(list) < quantity) return takes === null;
        if (!takes || sum(takes) !== quantity) return false;
        const own = list.find((s) => s.shard === first);
        const fromFirst = takes.find((t) => t.shard === first)?.stock ?? 0;
        // Never more than a shard holds; the first gives all it can before any other gives.
        return (
          takes.every((t) => t.stock > 0 && t.stock <= (list.find((s) => s.shard === t.shard)?.stock ?? 0)) &&
          fromFirst === Math.min(quantity, own?.stock ?? 0)
        );
      }),
      SEED
    );
  });
});

describe('choosing the first shard', () => {
  test('at random among those with stock, not tried yet by this redemption; else among all', () => {
    const draws = [0, 0.3, 0.6, 0.99];
    const at = (r: number) => () => r;
    expect(draws.map((r) => pickShard(4, [1, 3], at(r)))).toEqual([1, 1, 3, 3]);
    expect(pickShard(4, [1, 3], at(0), new Set([1]))).toBe(3);
    // Everything with stock tried: those again, still never one known to be empty.
    expect(pickShard(4, [1, 3], at(0.99), new Set([1, 3]))).toBe(3);
    // Nothing known to have stock (or no look yet): any shard not tried.
    expect(draws.map((r) => pickShard(4, [], at(r), new Set([0])))).toEqual([1, 1, 2, 3]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_SHARDS }),
        fc.array(fc.nat(MAX_SHARDS + 2)),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (n, stocked, r) => {
          const k = pickShard(n, stocked, () => r);
          return Number.isInteger(k) && k >= 0 && k < n;
        }
      ),
      SEED
    );
  });
});
