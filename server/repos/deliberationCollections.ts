/** 三上三下三公开's collections (no imports, so server/collections.ts can spread them for setup to create). */
export const DELIBERATION_COLLECTIONS = {
  /** One per topic: its stage, windows, open vote and its append-only record. */
  topics: 'topics',
  /** Opinions on a topic (二上, and again on the draft). */
  topicComments: 'topicComments',
  /** topicVotes/<topicId>:<seat>: one ballot per seat, the _id keeps it single; never shown. */
  topicVotes: 'topicVotes',
  /** topicTallies/<topicId>:<k>: the open vote's counts on TALLY_SHARDS shards, summed when it closes. */
  topicTallies: 'topicTallies',
  /** topicFollows/<topicId>:<openid>: who gets the topic's stage messages. */
  topicFollows: 'topicFollows',
  /**
   * Residents' seats: home:<openid> (my community), <communityId>:representative|supervisor:<openid>,
   * <communityId>:household:<key> (one voter per household), <communityId>:rules (its deliberation rules).
   */
  rosters: 'rosters'
} as const;
