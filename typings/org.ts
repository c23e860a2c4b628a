import type { ClientLimits } from '../domain/limits';

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
}

export type OrgActions = {
  /** Read-only; anyone may call it. */
  catalog: { req: Record<string, never>; res: OrgCatalog };
};
