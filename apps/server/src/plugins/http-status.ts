import type { ErrorCode } from "@fengqiao/core";

// The one table from error code to HTTP status. Only the HTTP layer knows statuses.
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  CALENDAR_YEAR_UNKNOWN: 400,
  UNAUTHENTICATED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  TEST_CLOCK_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND_OR_NO_ACCESS: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  TASKS_OPEN: 409,
  PETITION_CONCLUDED: 409,
  NOT_CONFIRMABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DB_UNAVAILABLE: 503,
};

/** How long a client is asked to wait when the database is away (a restart takes a few seconds). */
export const DB_RETRY_AFTER_S = 5;
