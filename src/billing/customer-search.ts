/** A customer as ops know them: id and name. */
export interface CustomerName {
  customer: string;
  name: string;
}

/** Lower case without diacritics, so "velky" finds "Velký zákazník a.s.". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * Find a customer by id (exact, ignoring case) or by a part of the name (ignoring case and diacritics).
 * Returns every match; the caller treats one match as found, none or several as a question back to the user.
 */
export function findCustomers(query: string, customers: readonly CustomerName[]): CustomerName[] {
  const folded = foldForSearch(query);
  if (folded === '') return [];
  const byId = customers.filter((c) => foldForSearch(c.customer) === folded);
  if (byId.length > 0) return byId;
  return customers.filter((c) => foldForSearch(c.name).includes(folded) || foldForSearch(c.customer).includes(folded));
}
