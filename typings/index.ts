export * from './result';
export * from './account';
export * from './cases';
export * from './points';
export * from './setup';
export * from './stats';
export * from './org';
export * from './admin';
export * from './deliberation';
export * from './mediation';
export * from './proactive';
export * from './partners';

import type { AccountActions } from './account';
import type { CasesActions, DeadlinesActions, RatingsActions } from './cases';
import type { PointsActions } from './points';
import type { SetupActions } from './setup';
import type { StatsActions } from './stats';
import type { OrgActions } from './org';
import type { DeliberationActions } from './deliberation';
import type { LegalActions, MediationActions } from './mediation';
import type { ProactiveActions } from './proactive';
import type { PartnersActions } from './partners';

/** Every cloud function and its actions: the mini-program's service door is typed from this. */
export interface Functions {
  account: AccountActions;
  cases: CasesActions;
  ratings: RatingsActions;
  deadlines: DeadlinesActions;
  points: PointsActions;
  setup: SetupActions;
  stats: StatsActions;
  org: OrgActions;
  deliberation: DeliberationActions;
  mediation: MediationActions;
  legal: LegalActions;
  proactive: ProactiveActions;
  partners: PartnersActions;
}
