// 三上三下三公开: a community's residents propose, the council screens and drafts, the supervisory committee
// reviews, representatives or households vote, and every stage is published to the community.
import { defineFunction, isTimerEvent } from '../../server/function';
import { closeVote, correct, draft, openVote, progress, review, vote } from './actions/decision';
import { home, joinHousehold, registerHousehold, roster, setHome, setRules } from './actions/membership';
import { comment, comments, follow, merge, propose, screen } from './actions/proposals';
import { detail, topics } from './actions/read';
import { sweepTopics } from './sweep';

const handle = defineFunction({
  home,
  setHome,
  propose,
  screen,
  comment,
  comments,
  merge,
  draft,
  review,
  openVote,
  vote,
  closeVote,
  progress,
  correct,
  follow,
  topics,
  detail,
  registerHousehold,
  joinHousehold,
  roster,
  setRules
});

/** Calls go to their action; the timer closes windows and votes and 督办s late screenings. */
export const main = Object.assign(
  async (event: unknown): Promise<unknown> => {
    if (isTimerEvent(event)) return sweepTopics(new Date());
    return handle(event);
  },
  { actions: handle.actions }
);
