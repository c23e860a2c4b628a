// setup: admins only (or a server-side call without OPENID, e.g. the DevTools cloud console test).
import { defineFunction } from '../../server/function';
import { getRules } from './actions/getRules';
import { seed } from './actions/seed';
import { seedDemo } from './actions/seedDemo';
import { setRules } from './actions/setRules';

export const main = defineFunction({ seed, seedDemo, setRules, getRules });
