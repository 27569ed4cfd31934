// Errors a person can act on. Each carries the HTTP status and a stable code; validation errors name
// the field and the rule. Anything else is a bug and is reported as a generic 500.
import { z } from 'zod';

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(field: string, rule: string) {
    super(`${field}: ${rule}`, 400, 'validation_failed', field);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(message, 401, 'unauthorized');
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}
export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(message, 409, 'conflict', field);
  }
}

/** The first issue of a zod error, as "field: rule". */
export function fromZod(err: z.ZodError): ValidationError {
  const issue = err.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'input';
  return new ValidationError(field, issue?.message ?? 'invalid value');
}

/** Parses input with a schema, throwing a ValidationError that names the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  return r.data;
}
