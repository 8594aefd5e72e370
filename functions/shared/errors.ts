/**
 * The errors a use case may throw for the caller to see. Each maps to one HTTP status in one
 * place (`toHttpError`); anything else becomes a 500 with no internals.
 * Codes are stable strings a client can switch on.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed; `details` lists the failing fields. */
export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, code = 'VALIDATION_FAILED') {
    super(400, code, message, details);
  }
}

/** 401: no valid identity. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign-in required', code = 'UNAUTHORIZED') {
    super(401, code, message);
  }
}

/** 403: the caller is known but may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this', code = 'FORBIDDEN', details?: unknown) {
    super(403, code, message, details);
  }
}

/** 404: nothing the caller may see exists here. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found', code = 'NOT_FOUND') {
    super(404, code, message);
  }
}

/** 409: the write lost a race (stale version) or would break a uniqueness rule. */
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown, code = 'CONFLICT') {
    super(409, code, message, details);
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes`, {
      limitBytes,
    });
  }
}

/** 429: slow down; `Retry-After` says for how long. */
export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number, code = 'RATE_LIMITED') {
    super(429, code, message, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
  }
}
