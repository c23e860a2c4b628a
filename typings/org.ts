/** A named item of a picker. */
export interface CatalogItem {
  id: string;
  name: string;
}

/** What the report form, the transfer picker and the whistle sheet choose from. */
export interface OrgCatalog {
  /** The district (区综治中心), the unit above every town. */
  district: CatalogItem;
  /** Dispute categories, in the data file's order. */
  categories: CatalogItem[];
  /** Towns/streets, each with its villages/communities. */
  towns: Array<CatalogItem & { communities: CatalogItem[] }>;
  /** District departments a town or the district may whistle (吹哨). */
  departments: CatalogItem[];
}

export type OrgActions = {
  /** Read-only; anyone may call it. */
  catalog: { req: Record<string, never>; res: OrgCatalog };
};
