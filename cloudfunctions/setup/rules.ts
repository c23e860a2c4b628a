// Where each admin-editable rule set lives: one `config` document per kind, `{ _id: kind, [field]: value }`.
import { database, settle } from '../../server/cloud';
import { COLLECTIONS } from '../../server/collections';
import { AppError } from '../../server/function';
import { templatesInForce } from '../../server/reference';
import { isMissingCollection } from '../../server/repos/users';
import { DEFAULT_DEADLINE_RULES } from '../../domain/deadlines';
import type { RuleKind, Rules } from '../../typings/setup';

export const RULE_KINDS: readonly RuleKind[] = ['routing', 'deadlines', 'calendar', 'notify'];

/** The field of the config document that holds each kind (as server/reference.ts reads them). */
export const RULE_FIELDS: Readonly<Record<RuleKind, string>> = {
  routing: 'rules',
  deadlines: 'rules',
  calendar: 'overrides',
  notify: 'templates'
};

/** Turns "the collection does not exist" into SETUP_REQUIRED: nothing can be configured before seed. */
export async function needsSetup<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isMissingCollection(e)) throw new AppError('SETUP_REQUIRED');
    throw e;
  }
}

/** The rules in force (one request); a missing document means the same default the cases function uses. */
export async function readRules(): Promise<Rules> {
  const db = database();
  const res = await needsSetup(() =>
    settle(
      db
        .collection(COLLECTIONS.config)
        .where({ _id: db.command.in([...RULE_KINDS]) })
        .limit(RULE_KINDS.length)
        .get()
    )
  );
  const docs = new Map((res.data as Array<Record<string, unknown>>).map((d) => [d._id as string, d]));
  const field = <K extends RuleKind>(kind: K, fallback: Rules[K]): Rules[K] =>
    (docs.get(kind)?.[RULE_FIELDS[kind]] as Rules[K] | undefined) ?? fallback;
  return {
    routing: field('routing', []),
    deadlines: field(
      'deadlines',
      DEFAULT_DEADLINE_RULES.map((r) => ({ ...r }))
    ),
    calendar: field('calendar', []),
    // The templates in force, as the cases function resolves them.
    notify: templatesInForce(docs.get('notify')?.[RULE_FIELDS.notify] as Rules['notify'] | undefined)
  };
}
