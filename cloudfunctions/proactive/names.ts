/** Shown when a category was removed after its cases were filed. */
export const CATEGORY_NAME_FALLBACK = '其他';
