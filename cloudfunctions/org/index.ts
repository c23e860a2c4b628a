// org: read-only organisation data for the mini-program's pickers.
import { defineFunction } from '../../server/function';
import { catalog } from './actions/catalog';

export const main = defineFunction({ catalog });
