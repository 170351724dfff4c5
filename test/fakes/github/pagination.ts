import type { RouteRequest } from './router.ts';

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/**
 * Slices `items` by `per_page` (default 30, max 100) and `page`, adding GitHub's `Link` header
 * (next/last/first/prev) whenever there is more than one page; `octokit.paginate` follows rel="next".
 */
export function paginate<T>(request: RouteRequest, items: readonly T[]): Page<T> {
  const perPage = clamp(Number(request.query.get('per_page') ?? 30), 1, 100);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const page = clamp(Number(request.query.get('page') ?? 1), 1, Number.MAX_SAFE_INTEGER);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items: slice, headers: {} };
  const link = (target: number, rel: string) => {
    const url = new URL(request.requestUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { items: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
