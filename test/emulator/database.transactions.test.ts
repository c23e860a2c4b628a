/** Transactions through the real wx-server-sdk: snapshot reads, conflicts, abort, timeout, no lost update. */
// jest's own expect: its asymmetric matchers are typed (the global ones return `any`).
import { expect } from '@jest/globals';
import { initCloud, startDbServer, type DbServer } from './support/dbServer';
import type { Command, Transaction, WxDb } from './support/wxdb';

let server: DbServer;
let db: WxDb;
let _: Command;

beforeAll(async () => {
  server = await startDbServer();
  db = initCloud(server.url).database();
  _ = db.command;
  await db.createCollection('accounts');
  await db.createCollection('counters');
});
afterAll(() => server.stop());

type Account = { _id: string; balance: number };

let seq = 0;
async function account(balance: number): Promise<string> {
  const _id = `acct${++seq}`;
  await db.collection('accounts').add({ data: { _id, balance } });
  return _id;
}
const balance = async (id: string): Promise<number> =>
  (await db.collection<Account>('accounts').doc(id).get()).data.balance;

test('runTransaction commits several documents at once', async () => {
  const [a, b] = [await account(100), await account(0)];
  const result = await db.runTransaction(async (tx: Transaction) => {
    const { data } = await tx.collection<Account>('accounts').doc(a).get();
    await tx
      .collection('accounts')
      .doc(a)
      .update({ data: { balance: data.balance - 30 } });
    await tx
      .collection('accounts')
      .doc(b)
      .update({ data: { balance: _.inc(30) } });
    await tx.collection('accounts').add({ data: { _id: `log${a}`, amount: 30 } });
    return 'done';
  });
  expect(result).toBe('done');
  expect([await balance(a), await balance(b)]).toEqual([70, 30]);
  expect((await db.collection('accounts').doc(`log${a}`).get()).data.amount).toBe(30);
});

test('reads inside a transaction see its snapshot plus its own writes', async () => {
  const a = await account(10);
  const c = await account(1);
  const tx = await db.startTransaction();
  expect((await tx.collection('accounts').doc(a).get()).data.balance).toBe(10);
  // Committed after the transaction began: invisible to it.
  await db
    .collection('accounts')
    .doc(c)
    .update({ data: { balance: 2 } });
  expect((await tx.collection('accounts').doc(c).get()).data.balance).toBe(1);
  expect((await tx.collection('accounts').where({ _id: c }).get()).data[0].balance).toBe(1);
  await tx
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 11 } });
  expect((await tx.collection('accounts').doc(a).get()).data.balance).toBe(11);
  const inTx = await tx
    .collection<Account>('accounts')
    .where({ _id: _.in([a, c]) })
    .get();
  expect(inTx.data.map((d) => d.balance)).toEqual([11, 1]);
  // Not visible outside until commit.
  expect(await balance(a)).toBe(10);
  await tx.commit();
  expect(await balance(a)).toBe(11);
});

test('writing a document someone committed since the snapshot is a conflict with the real code', async () => {
  const a = await account(5);
  const tx = await db.startTransaction();
  await tx.collection('accounts').doc(a).get();
  await db
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 6 } });
  const err = await tx
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 50 } })
    .catch((e: unknown) => e);
  // wx-server-sdk drops the code (errCode -501001) but keeps the message.
  expect(err).toMatchObject({ errCode: -501001 });
  expect(String((err as Error).message)).toContain('TransactionConflict');
  // The conflict aborted it (as MongoDB does): rolling back now fails, as in production.
  await expect(tx.rollback()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  expect(await balance(a)).toBe(6);
  // The engine answers with the code node-sdk's runTransaction retries on.
  const t2 = server.db.handle('database.startTransaction', {}).transactionId;
  const t3 = server.db.handle('database.startTransaction', {}).transactionId;
  const update = (t: unknown, v: number): unknown =>
    server.db.handle('database.modifyDocument', {
      collectionName: 'accounts',
      transactionId: t,
      queryType: 'DOC',
      query: JSON.stringify({ _id: a }),
      data: JSON.stringify({ $set: { balance: v } }),
      merge: true,
      multi: false,
      upsert: false
    });
  update(t2, 7);
  expect(() => update(t3, 8)).toThrow(expect.objectContaining({ code: 'DATABASE_TRANSACTION_CONFLICT' }));
  // A plain write to a document an open transaction holds fails too.
  await expect(
    db
      .collection('accounts')
      .doc(a)
      .update({ data: { balance: 9 } })
  ).rejects.toThrow(/TransactionBusy/);
  server.db.handle('database.commitTransaction', { transactionId: t2 });
  expect(await balance(a)).toBe(7);
});

test('the snapshot is taken at the first operation, not at startTransaction', async () => {
  const tx = await db.startTransaction();
  const a = await account(42);
  expect((await tx.collection('accounts').doc(a).get()).data.balance).toBe(42);
  await db
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 43 } });
  expect((await tx.collection('accounts').doc(a).get()).data.balance).toBe(42);
  await tx.commit();
});

test('inserting a serverDate inside a transaction is refused', async () => {
  const err = await db
    .runTransaction(async (tx: Transaction) => {
      await tx.collection('accounts').add({ data: { at: db.serverDate() } });
    })
    .catch((e: unknown) => e);
  expect(String((err as Error).message)).toContain('serverDate is not supported');
});

test('rollback discards the writes; the transaction is then gone', async () => {
  const a = await account(1);
  const tx = await db.startTransaction();
  await tx
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 99 } });
  await tx.collection('accounts').add({ data: { _id: `ghost${a}` } });
  await tx.rollback();
  expect(await balance(a)).toBe(1);
  await expect(db.collection('accounts').doc(`ghost${a}`).get()).rejects.toThrow(/does not exist/);
  await expect(tx.collection('accounts').doc(a).get()).rejects.toThrow(/TransactionNotExist/);
  // Abort inside runTransaction: the callback's rollback value is thrown, nothing is written.
  const reason = await db
    .runTransaction(async (t: Transaction) => {
      await t
        .collection('accounts')
        .doc(a)
        .update({ data: { balance: 2 } });
      await t.rollback('no funds');
    })
    .catch((e: unknown) => e);
  expect(reason).toBe('no funds');
  expect(await balance(a)).toBe(1);
});

test('a transaction not committed within 30 s is aborted', async () => {
  const a = await account(3);
  const tx = await db.startTransaction();
  await tx
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 4 } });
  server.clock.advance(30_001);
  await expect(tx.collection('accounts').doc(a).get()).rejects.toThrow(
    /transaction must be commit or abort in 30 seconds/
  );
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  expect(await balance(a)).toBe(3);
  // Its hold on the document is gone.
  await db
    .collection('accounts')
    .doc(a)
    .update({ data: { balance: 5 } });
  expect(await balance(a)).toBe(5);
});

test('concurrent read-modify-write transactions lose no update (retrying on conflict)', async () => {
  await db.collection('counters').add({ data: { _id: 'c', value: 0 } });
  let conflicts = 0;
  const increment = async (): Promise<void> => {
    for (;;) {
      try {
        await db.runTransaction(async (tx: Transaction) => {
          const { data } = await tx.collection<{ value: number }>('counters').doc('c').get();
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          await tx
            .collection('counters')
            .doc('c')
            .update({ data: { value: data.value + 1 } });
        });
        return;
      } catch (e) {
        if (!/TransactionConflict/.test(String((e as Error).message))) throw e;
        conflicts++;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, increment));
  expect((await db.collection('counters').doc('c').get()).data.value).toBe(20);
  expect(conflicts).toBeGreaterThan(0);
});
