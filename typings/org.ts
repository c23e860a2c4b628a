import type { ClientLimits } from '../domain/limits';
import type {
  AddUnitRequest,
  AdminUnit,
  ConfirmGuessRequest,
  DeleteUnitRequest,
  OpenCase,
  OpenCasesRequest,
  RenameUnitRequest,
  SetUnitActiveRequest
} from './admin';
import type { Page } from './cases';

export type { ClientLimits, TextAction } from '../domain/limits';
export type { MobileRule } from '../domain/mask';

/** A named item of a picker. */
export interface CatalogItem {
  id: string;
  name: string;
}

/** What the report form, the transfer picker and the whistle sheet choose from, and the limits forms keep to. */
export interface OrgCatalog {
  /** The district (区综治中心), the unit above every town. */
  district: CatalogItem;
  /** Dispute categories, in the data file's order. */
  categories: CatalogItem[];
  /** Towns/streets, each with its villages/communities. */
  towns: Array<CatalogItem & { communities: CatalogItem[] }>;
  /** District departments a town or the district may whistle (吹哨). */
  departments: CatalogItem[];
  /** The functions' own input bounds (domain/limits.ts): pages show and check these, never copies. */
  limits: ClientLimits;
  /**
   * Subscribe-message template ids, from the database (setup.setRules notify), for
   * wx.requestSubscribeMessage: `resident` before filing a case, `staff` on the staff pages.
   */
  subscribe: { resident: string[]; staff: string[] };
}

export type OrgActions = {
  /** Read-only; anyone may call it. */
  catalog: { req: Record<string, never>; res: OrgCatalog };
  /** Admin only: every unit, inactive ones too, with its staff count. */
  units: { req: Record<string, never>; res: AdminUnit[] };
  /** Admin only. */
  renameUnit: { req: RenameUnitRequest; res: AdminUnit };
  /** Admin only: a community under a town, or a department. */
  addUnit: { req: AddUnitRequest; res: AdminUnit };
  /** Admin only: an inactive unit takes no new cases; its open cases are listed by openCases. */
  setUnitActive: { req: SetUnitActiveRequest; res: AdminUnit };
  /** Admin only: clears a unit's or category's guess flag. */
  confirmGuess: { req: ConfirmGuessRequest; res: { id: string; guess: false } };
  /** Admin only: a unit never used (no cases, staff or sub-units), deactivated a minute before; otherwise deactivate it. */
  deleteUnit: { req: DeleteUnitRequest; res: { deleted: string } };
  /** Admin only: a unit's cases not yet closed, oldest first. */
  openCases: { req: OpenCasesRequest; res: Page<OpenCase> };
};
