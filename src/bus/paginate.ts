// NextToken paging as the simulator answers List operations: the token is the offset of the next page.

export function paginate<T>(items: T[], token: string | undefined, limit: number | undefined): { page: T[]; next?: string } {
  const start = token ? Number.parseInt(token, 10) || 0 : 0;
  const size = limit && limit > 0 ? limit : 100;
  const page = items.slice(start, start + size);
  return start + size < items.length ? { page, next: String(start + size) } : { page };
}
