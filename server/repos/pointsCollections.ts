/** The points ledger's collections (no imports, so server/collections.ts can spread them for setup to create). */
export const POINTS_COLLECTIONS = {
  /**
   * Wallets: pointsAccounts/<openid>, a resident's balance, lots, caps and monthly quantities, written
   * only with its entries; and stock: pointsAccounts/<itemId>#<k>, an item's stock shards. Both live
   * here so that redeem reads the buyer's wallet and the item's shards in one request.
   */
  accounts: 'pointsAccounts',
  /** Append-only entries; a spend entry is also the order (`order-<hash of openid and requestId>`). */
  ledger: 'pointsLedger',
  claims: 'pointsClaims',
  /** 公示: one per award. */
  awards: 'pointsAwards',
  objections: 'pointsObjections',
  /** An item's description and terms; its stock is in its shards (see accounts). */
  items: 'pointsItems',
  /** Collected or cancelled, one per order, created by whichever comes first. */
  outcomes: 'pointsOrderOutcomes',
  /** pointsSecondKeys/<awardId>: awards above the threshold, waiting for a second staff member. */
  secondKeys: 'pointsSecondKeys',
  /** pointsVerifyLimits/<staff hash>-<hour>: a staff member's failed pickup verifications in one hour. */
  verifyLimits: 'pointsVerifyLimits',
  /** pointsCodes/<code>: a resident's short-lived 积分码 (never the openid), { openid, expiresAt }. */
  codes: 'pointsCodes'
} as const;
