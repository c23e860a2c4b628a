/**
 * aggregateDocuments: the SDK sends `stages: [{stageKey: '$match', stageValue: '<EJSON>'}, ...]`.
 * mingo runs the pipeline; a leading $match goes through the query engine (and its indexes) first,
 * and $geoNear, which mingo lacks, is done here.
 */
import { Aggregator, Context } from 'mingo';
import { CloudBaseError } from '../errors';
import type { Engine } from './engine';
import { asQuery, parseEjson } from './ejson';
import { dbErrors } from './errors';
import { geoNearStage, geoQueryOperators } from './geo';
import { compileFilter, findInCollection } from './query';
import { cloneValue, isPlainObject, type Doc } from './values';

const CONTEXT = Context.init({ query: geoQueryOperators as never });

function parseStages(stages: unknown, nowMs: number): Doc[] {
  if (!Array.isArray(stages)) throw dbErrors.invalidParam('param.stages must be an array');
  return stages.map((s, i) => {
    if (!isPlainObject(s) || typeof s.stageKey !== 'string')
      throw dbErrors.invalidParam(`param.stages[${i}] is invalid`);
    return { [s.stageKey]: asQuery(parseEjson(s.stageValue, `stages[${i}].stageValue`), nowMs) };
  });
}

export function aggregate(engine: Engine, collectionName: unknown, stages: unknown): Doc[] {
  const coll = engine.collection(collectionName);
  const pipeline = parseStages(stages, engine.now());
  const all = (): Doc[] => [...coll.records.values()].map((r) => cloneValue(r.doc));
  let input: Doc[];
  let rest = pipeline;
  const [first] = pipeline;
  if (first && '$geoNear' in first) {
    const spec = first.$geoNear;
    if (!isPlainObject(spec)) throw dbErrors.requestFailed('$geoNear requires an object');
    const filter = compileFilter(isPlainObject(spec.query) ? spec.query : {});
    input = geoNearStage(all(), spec, filter);
    rest = pipeline.slice(1);
  } else if (first && '$match' in first && isPlainObject(first.$match)) {
    const query = first.$match;
    const recs = findInCollection(coll, { query, filter: compileFilter(query), order: [], skip: 0, limit: Infinity });
    input = recs.map((r) => cloneValue(r.doc));
    rest = pipeline.slice(1);
  } else {
    input = all();
  }
  const writer = rest.find((stage) => '$out' in stage || '$merge' in stage);
  if (writer) throw dbErrors.invalidOperator(`${Object.keys(writer)[0]} is not supported`);
  if (rest.some((stage) => '$geoNear' in stage)) {
    throw dbErrors.requestFailed('$geoNear is only valid as the first stage in a pipeline');
  }
  if (rest.length === 0) return input;
  try {
    const aggregator = new Aggregator(rest, {
      context: CONTEXT,
      scriptEnabled: false,
      collectionResolver: (name: string) => {
        try {
          return [...engine.collection(name).records.values()].map((r) => cloneValue(r.doc));
        } catch {
          return [];
        }
      }
    });
    return aggregator.run(input);
  } catch (e) {
    if (e instanceof CloudBaseError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw /unknown|unregistered|not (found|supported)/i.test(msg)
      ? dbErrors.invalidOperator(msg)
      : dbErrors.requestFailed(msg);
  }
}
