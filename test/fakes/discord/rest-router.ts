import type { Route } from './rest-types.ts';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function decodePath(rawPath: string): string {
  return rawPath.split('/').map(decodeSegment).join('/');
}

/** Matches `rawPath` (still URL-encoded) against the route table; parameters come back decoded. */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch | null {
  const segments = rawPath.replace(/\/+$/, '').split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const patternSegments = route.pattern.split('/');
    if (patternSegments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = patternSegments.every((expected, index) => {
      const actual = segments[index] ?? '';
      if (expected.startsWith(':')) {
        params[expected.slice(1)] = decodeSegment(actual);
        return actual.length > 0;
      }
      return expected === actual;
    });
    if (matches) return { route, params };
  }
  return null;
}

/** Splits `/api/v10/channels/1` into the version and the route path; null when it is not an API URL. */
export function splitApiPrefix(pathname: string): { version: number | null; rawPath: string } | null {
  const match = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(pathname);
  if (!match) return null;
  return { version: match[1] === undefined ? null : Number(match[1]), rawPath: match[2] ?? '/' };
}
