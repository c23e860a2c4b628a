/** A named item of a picker. */
export interface CatalogItem {
  id: string;
  name: string;
}

/** What the report form and the transfer picker choose from. */
export interface OrgCatalog {
  /** Dispute categories, in the data file's order. */
  categories: CatalogItem[];
  /** Towns/streets, each with its villages/communities. */
  towns: Array<CatalogItem & { communities: CatalogItem[] }>;
}

export type OrgActions = {
  /** Read-only; anyone may call it. */
  catalog: { req: Record<string, never>; res: OrgCatalog };
};
