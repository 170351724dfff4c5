import { HttpError, validationFailed } from './http-io.ts';

/** Typed readers for JSON request bodies that answer the way GitHub does when a field is wrong. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'Body should be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidField(field);
  return value;
}

export function requiredString(body: Record<string, unknown>, field: string, resource: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value === '') {
    throw validationFailed([{ resource, code: 'missing_field', field }]);
  }
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field);
  return value;
}

function invalidField(field: string): HttpError {
  return new HttpError(422, `Invalid request.\n\nInvalid property "${field}".`);
}
