export * from './result';
export * from './account';
export * from './cases';
export * from './points';
export * from './setup';

import type { AccountActions } from './account';
import type { CasesActions, RatingsActions } from './cases';
import type { PointsActions } from './points';
import type { SetupActions } from './setup';

/** Every cloud function and its actions: the mini-program's service door is typed from this. */
export interface Functions {
  account: AccountActions;
  cases: CasesActions;
  ratings: RatingsActions;
  points: PointsActions;
  setup: SetupActions;
}
