/**
 * The `database.*` actions @cloudbase/database 1.4.3 sends (see its collection.js, document.js,
 * query.js, aggregate.js, transaction/index.js and index.js), with the response fields it reads.
 */
import { randomBytes } from 'crypto';
import { find as mingoFind } from 'mingo';
import { CloudBaseError } from '../errors';
import { aggregate } from './aggregate';
import { idKey, type Collection } from './collection';
import { asData, asQuery, hasServerDate, parseEjson, stringifyDoc } from './ejson';
import type { Engine, Write } from './engine';
import { dbErrors } from './errors';
import { compileFilter, findInCollection, findInList, type Order } from './query';
import type { Tx } from './transactions';
import { applyUpdate, replaceDocument } from './update';
import { isPlainObject, valuesEqual, type Doc, type Rec } from './values';

type Body = Record<string, unknown>;
type Answer = Record<string, unknown>;

/** get() without limit() answers 100 documents; more than 1000 are never answered at once. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** A fresh `_id` shaped like CloudBase's: 32 hex digits. */
function newId(): string {
  return randomBytes(16).toString('hex');
}

/** The open transaction a request names, its snapshot taken on its first operation. */
function txOf(engine: Engine, body: Body): Tx | undefined {
  if (body.transactionId === undefined || body.transactionId === null) return undefined;
  const tx = engine.txs.get(body.transactionId);
  engine.txs.establish(tx);
  return tx;
}

function parseQuery(engine: Engine, body: Body, required: boolean): Doc {
  if (body.query === undefined || body.query === null || body.query === '') {
    if (required) throw dbErrors.invalidParam("param.query can't be empty");
    return {};
  }
  const q = asQuery(parseEjson(body.query, 'query'), engine.now());
  if (!isPlainObject(q)) throw dbErrors.invalidParam('param.query must be an object');
  return q;
}

function parseOrder(raw: unknown): Order {
  if (raw === undefined || raw === null || raw === '') return [];
  const value = parseEjson(raw, 'order');
  const pairs: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((o) => (isPlainObject(o) ? [String(o.field), o.direction] : ['', undefined]))
    : isPlainObject(value)
      ? Object.entries(value)
      : [];
  return pairs.map(([field, dir]) => {
    const d = dir === 1 || dir === 'asc' ? 1 : dir === -1 || dir === 'desc' ? -1 : 0;
    if (!field || d === 0) throw dbErrors.invalidParam(`param.order is invalid: ${JSON.stringify(value)}`);
    return [field, d];
  });
}

function nonNegativeInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw dbErrors.invalidParam(`param.${name} must be an integer`);
  if (v < 0) throw dbErrors.requestFailed(`${name === 'offset' ? 'skip' : name} value must be non-negative`);
  return v;
}

/** Records a read sees: the committed ones, or the transaction's snapshot view. */
function select(
  engine: Engine,
  coll: Collection,
  tx: Tx | undefined,
  query: Doc,
  opts: { order?: Order; skip?: number; limit?: number }
): Rec[] {
  const req = {
    query,
    filter: compileFilter(query),
    order: opts.order ?? [],
    skip: opts.skip ?? 0,
    limit: opts.limit ?? Infinity
  };
  if (tx && engine.txs.diverges(tx, coll.name)) return findInList(engine.txs.view(tx, coll.name, coll.records), req);
  return findInCollection(coll, req);
}

function jsonOf(rec: Rec): string {
  if (rec.json === undefined) rec.json = stringifyDoc(rec.doc);
  return rec.json;
}

function project(docs: Doc[], projection: Doc): Doc[] {
  try {
    return mingoFind(docs, {}, projection).all();
  } catch (e) {
    throw dbErrors.requestFailed(e instanceof Error ? e.message : String(e));
  }
}

function getDocument(engine: Engine, body: Body): Answer {
  const coll = engine.collection(body.collectionName);
  const tx = txOf(engine, body);
  const query = parseQuery(engine, body, false);
  const limit = nonNegativeInt(body.limit, 'limit');
  const recs = select(engine, coll, tx, query, {
    order: parseOrder(body.order),
    skip: nonNegativeInt(body.offset, 'offset') ?? 0,
    limit: limit ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT
  });
  if (body.projection === undefined || body.projection === null || body.projection === '') {
    return { data: { list: recs.map(jsonOf) } };
  }
  const projection = parseEjson(body.projection, 'projection');
  if (!isPlainObject(projection)) throw dbErrors.invalidParam('param.projection must be an object');
  return {
    data: {
      list: project(
        recs.map((r) => r.doc),
        projection
      ).map(stringifyDoc)
    }
  };
}

function calculateDocument(engine: Engine, body: Body): Answer {
  const coll = engine.collection(body.collectionName);
  const recs = select(engine, coll, txOf(engine, body), parseQuery(engine, body, false), {});
  return { data: { total: recs.length } };
}

function parseDocs(engine: Engine, data: unknown, inTransaction: boolean): Doc[] {
  const list = Array.isArray(data) ? data : [data];
  if (list.length === 0) throw dbErrors.invalidParam('param.data must not be empty');
  return list.map((item, i) => {
    const raw = parseEjson(item, `data[${i}]`);
    // CloudBase's own SDK tests record that inserting a serverDate inside a transaction is refused.
    if (inTransaction && hasServerDate(raw))
      throw dbErrors.requestFailed('serverDate is not supported when inserting in a transaction');
    const doc = asData(raw, engine.now());
    if (!isPlainObject(doc)) throw dbErrors.invalidParam('param.data must be objects');
    return doc;
  });
}

function duplicateId(coll: Collection, id: unknown): CloudBaseError {
  const shown = typeof id === 'string' ? JSON.stringify(id) : String(id);
  return dbErrors.duplicateKey(coll.name, '_id_', `{ _id: ${shown} }`);
}

function insertDocument(engine: Engine, body: Body): Answer {
  const coll = engine.collection(body.collectionName);
  const tx = txOf(engine, body);
  const docs = parseDocs(engine, body.data, tx !== undefined).map((d) => {
    for (const k of Object.keys(d))
      if (k.startsWith('$')) throw dbErrors.requestFailed(`Document can't have $ prefixed field names: ${k}`);
    return d._id === undefined ? { _id: newId(), ...d } : d;
  });
  const seen = new Set<string>();
  const writes: Write[] = docs.map((doc) => {
    const key = idKey(doc._id);
    const exists = tx ? engine.txs.read(tx, coll.name, key, coll.get(key)) !== undefined : coll.get(key) !== undefined;
    if (exists || seen.has(key)) throw duplicateId(coll, doc._id);
    seen.add(key);
    return { collection: coll, key, doc };
  });
  if (tx) for (const w of writes) engine.txs.write(tx, coll.name, w.key, w.doc);
  else engine.commit(writes);
  return { data: { insertedIds: docs.map((d) => d._id) } };
}

/** The document an upsert creates when nothing matched: the query's equality fields, then the update. */
function upsertBase(query: Doc): Doc {
  const base: Doc = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('$') || k.includes('.') || v instanceof RegExp) continue;
    if (isPlainObject(v) && Object.keys(v).some((op) => op.startsWith('$'))) {
      if ('$eq' in v) base[k] = v.$eq;
      continue;
    }
    base[k] = v;
  }
  return base;
}

function modify(engine: Engine, body: Body, returnDoc: boolean): Answer {
  const coll = engine.collection(body.collectionName);
  const tx = txOf(engine, body);
  const query = parseQuery(engine, body, true);
  const data = asData(parseEjson(body.data, 'data'), engine.now());
  if (!isPlainObject(data)) throw dbErrors.invalidParam('param.data must be an object');
  const merge = body.merge !== false;
  const multi = body.queryType !== 'DOC' && body.multi === true && !returnDoc;
  const nowMs = engine.now();
  const targets = select(engine, coll, tx, query, { limit: multi ? Infinity : 1 });
  const writes: Write[] = [];
  let last: Doc | undefined;
  for (const rec of targets) {
    const next = merge
      ? applyUpdate(rec.doc, data, { nowMs, query, inserting: false })
      : replaceDocument(rec.doc._id, data);
    last = next;
    if (!valuesEqual(next, rec.doc)) writes.push({ collection: coll, key: rec.key, doc: next });
  }
  let upsertId: unknown;
  if (targets.length === 0 && body.upsert === true) {
    const id =
      query._id !== undefined && !isPlainObject(query._id) && !(query._id instanceof RegExp) ? query._id : newId();
    const base = { _id: id, ...upsertBase(query) };
    const doc = merge ? applyUpdate(base, data, { nowMs, query, inserting: true }) : replaceDocument(id, data);
    writes.push({ collection: coll, key: idKey(id), doc });
    upsertId = id;
  }
  if (tx) for (const w of writes) engine.txs.write(tx, coll.name, w.key, w.doc);
  else engine.commit(writes);
  const updated = upsertId === undefined ? writes.length : 0;
  if (returnDoc) return { data: { updated, doc: last && writes.length > 0 ? stringifyDoc(last) : null } };
  return { data: upsertId === undefined ? { updated } : { updated, upsert_id: upsertId } };
}

function removeDocument(engine: Engine, body: Body): Answer {
  const coll = engine.collection(body.collectionName);
  const tx = txOf(engine, body);
  const query = parseQuery(engine, body, true);
  const multi = body.queryType !== 'DOC' && body.multi !== false;
  const targets = select(engine, coll, tx, query, { limit: multi ? Infinity : 1 });
  const writes: Write[] = targets.map((rec) => ({ collection: coll, key: rec.key, doc: null }));
  if (tx) for (const w of writes) engine.txs.write(tx, coll.name, w.key, null);
  else engine.commit(writes);
  return { data: { deleted: writes.length } };
}

function commitTransaction(engine: Engine, body: Body): Answer {
  const tx = engine.txs.get(body.transactionId);
  const writes = engine.txs
    .commitWrites(tx)
    .map((w) => ({ collection: engine.collection(w.collection), key: w.key, doc: w.doc }));
  try {
    engine.commit(writes, tx.id);
  } catch (e) {
    engine.txs.finish(tx);
    throw e;
  }
  engine.txs.finish(tx);
  return {};
}

export function handleAction(engine: Engine, action: string, body: Body): Answer {
  engine.txs.sweep(engine.now());
  switch (action) {
    case 'database.insertDocument':
      return insertDocument(engine, body);
    case 'database.getDocument':
      return getDocument(engine, body);
    case 'database.calculateDocument':
      return calculateDocument(engine, body);
    case 'database.modifyDocument':
      return modify(engine, body, false);
    case 'database.modifyAndReturnDoc':
      return modify(engine, body, true);
    case 'database.removeDocument':
      return removeDocument(engine, body);
    case 'database.aggregateDocuments':
      return { data: { list: aggregate(engine, body.collectionName, body.stages).map(stringifyDoc) } };
    case 'database.addCollection':
      engine.createCollection(body.collectionName);
      return {};
    case 'database.startTransaction':
      return { transactionId: engine.txs.start(engine.now()) };
    case 'database.commitTransaction':
      return commitTransaction(engine, body);
    case 'database.abortTransaction':
      engine.txs.abort(body.transactionId);
      return {};
    default:
      throw new CloudBaseError('INVALID_ACTION', `action ${action} is not supported by the local database`);
  }
}
