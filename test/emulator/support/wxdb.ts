/**
 * A typed view of the real wx-server-sdk database, as the conformance tests use it. The SDK's own
 * typings return `Promise<T> | void | string` and `any` documents; here every call answers a promise
 * and documents are `Doc` unless a test names their shape (`collection<Shape>()`, `get<Shape>()`).
 * It only describes the SDK's objects: nothing wraps them at run time.
 */
import type cloud from 'wx-server-sdk';

type SdkDb = ReturnType<typeof cloud.database>;

export type DocId = string | number;
export type Doc = { _id: DocId } & Record<string, unknown>;

/** A query command (`_.gt(1)`), combinable with `and`/`or`. */
export interface QueryOp {
  and(...conditions: Condition[]): QueryOp;
  or(...conditions: Condition[]): QueryOp;
}
/** An update command (`_.inc(1)`): only meaningful inside `update({ data })`. */
export interface UpdateOp {
  readonly fieldName?: unknown;
}
export type Condition = Record<string, unknown> | QueryOp;
type Fields = Record<string, unknown>;

type GeoPoint = ReturnType<SdkDb['Geo']['Point']>;
type Geometry = ReturnType<SdkDb['Geo'][keyof SdkDb['Geo']]>;

export interface Command {
  eq(value: unknown): QueryOp;
  neq(value: unknown): QueryOp;
  gt(value: unknown): QueryOp;
  gte(value: unknown): QueryOp;
  lt(value: unknown): QueryOp;
  lte(value: unknown): QueryOp;
  in(values: unknown[]): QueryOp;
  nin(values: unknown[]): QueryOp;
  all(values: unknown[]): QueryOp;
  size(length: number): QueryOp;
  exists(present: boolean): QueryOp;
  mod(divisor: number, remainder: number): QueryOp;
  elemMatch(condition: Condition): QueryOp;
  not(condition: QueryOp | RegExp): QueryOp;
  and(...conditions: Array<Condition | Condition[]>): QueryOp;
  or(...conditions: Array<Condition | Condition[]>): QueryOp;
  geoNear(options: { geometry: GeoPoint; maxDistance?: number; minDistance?: number }): QueryOp;
  geoWithin(options: { geometry: Geometry } | { centerSphere: [[number, number], number] }): QueryOp;
  geoIntersects(options: { geometry: Geometry }): QueryOp;

  set(value: unknown): UpdateOp;
  remove(): UpdateOp;
  inc(by: number): UpdateOp;
  mul(by: number): UpdateOp;
  min(value: unknown): UpdateOp;
  max(value: unknown): UpdateOp;
  rename(to: string): UpdateOp;
  push(...values: unknown[]): UpdateOp;
  pop(): UpdateOp;
  shift(): UpdateOp;
  unshift(...values: unknown[]): UpdateOp;
  addToSet(value: unknown): UpdateOp;
  pull(value: unknown): UpdateOp;
  pullAll(values: unknown[]): UpdateOp;

  project: { slice(range: number | [number, number]): unknown };
  aggregate: SdkDb['command']['aggregate'];
}

export interface Query<T> {
  where(condition: Condition): Query<T>;
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>;
  skip(offset: number): Query<T>;
  limit(max: number): Query<T>;
  field(projection: Fields): Query<T>;
  get<R = T>(): Promise<{ data: R[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Fields }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef<T> {
  field(projection: Fields): DocRef<T>;
  get<R = T>(): Promise<{ data: R }>;
  set(options: { data: Fields }): Promise<{ stats: { updated: number; created: number } }>;
  update(options: { data: Fields }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection<T = Doc> extends Query<T> {
  readonly collectionName: string;
  doc(id: DocId): DocRef<T>;
  add(options: { data: Fields[] }): Promise<{ _ids: DocId[] }>;
  add(options: { data: Fields }): Promise<{ _id: string }>;
  aggregate(): Aggregate;
}

/** Pipeline stages take MongoDB stage documents; `end()` runs the pipeline. */
export type Aggregate = {
  [
    Stage in
      | 'addFields'
      | 'bucket'
      | 'bucketAuto'
      | 'count'
      | 'geoNear'
      | 'group'
      | 'limit'
      | 'lookup'
      | 'match'
      | 'project'
      | 'replaceRoot'
      | 'sample'
      | 'skip'
      | 'sort'
      | 'sortByCount'
      | 'unwind'
  ]: (spec: unknown) => Aggregate;
} & { end(): Promise<{ list: Doc[] }> };

/** Reads and writes inside a transaction (a subset of the database's, as in node-sdk). */
export interface Transaction {
  collection<T = Doc>(name: string): Collection<T>;
  /** Inside runTransaction: aborts it, and runTransaction rejects with `reason`. */
  rollback(reason?: unknown): Promise<void>;
}
export interface OpenTransaction extends Transaction {
  commit(): Promise<void>;
}

export interface WxDb {
  readonly command: Command;
  readonly Geo: SdkDb['Geo'];
  readonly RegExp: SdkDb['RegExp'];
  serverDate(options?: { offset: number }): unknown;
  collection<T = Doc>(name: string): Collection<T>;
  createCollection(name: string): Promise<unknown>;
  runTransaction<R>(run: (tx: Transaction) => Promise<R>, retries?: number): Promise<R>;
  startTransaction(): Promise<OpenTransaction>;
}
