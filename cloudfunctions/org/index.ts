// org: the organisation. catalog is read-only data for every picker; the rest is the admins' unit page.
import { defineFunction } from '../../server/function';
import { catalog } from './actions/catalog';
import { confirmGuess, deleteUnit, openCases } from './actions/cleanup';
import { addUnit, renameUnit, setUnitActive, units } from './actions/units';

export const main = defineFunction({
  catalog,
  units,
  renameUnit,
  addUnit,
  setUnitActive,
  confirmGuess,
  deleteUnit,
  openCases
});
