// setup: admins only; bootstrap alone runs without OPENID (the console), and only before the first admin.
import { defineFunction } from '../../server/function';
import { bootstrap } from './actions/bootstrap';
import { getRules } from './actions/getRules';
import { seed } from './actions/seed';
import { seedDemo } from './actions/seedDemo';
import { setRules } from './actions/setRules';

export const main = defineFunction({ bootstrap, seed, seedDemo, setRules, getRules });
