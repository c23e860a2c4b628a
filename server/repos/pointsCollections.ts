/** The points ledger's collections (no imports, so server/collections.ts can spread them for setup to create). */
export const POINTS_COLLECTIONS = {
  /** pointsAccounts/<openid>: wallet (balance, lots, caps, monthly quantities), written only with its entries. */
  accounts: 'pointsAccounts',
  /** Append-only entries; a spend entry is also the order (`order-<hash of openid and requestId>`). */
  ledger: 'pointsLedger',
  claims: 'pointsClaims',
  /** 公示: one per award. */
  awards: 'pointsAwards',
  objections: 'pointsObjections',
  items: 'pointsItems',
  /** Collected or cancelled, one per order, created by whichever comes first. */
  outcomes: 'pointsOrderOutcomes',
  /** pointsPickups/<communityId>-<pickupCode>: the order a live code names; the id keeps codes unique per community. */
  pickups: 'pointsPickups',
  /** pointsSecondKeys/<awardId>: awards above the threshold, waiting for a second staff member. */
  secondKeys: 'pointsSecondKeys',
  /** pointsVerifyLimits/<staff hash>-<hour>: a staff member's failed pickup verifications in one hour. */
  verifyLimits: 'pointsVerifyLimits'
} as const;
