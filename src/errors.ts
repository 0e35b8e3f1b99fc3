/**
 * One error type for everything the action reports as a failure. `kind` drives retries and wording;
 * `hint` is the "how to fix it" half of every message.
 */
export type ErrorKind =
  | 'config' // the user's inputs or Railway setup are wrong; never retried
  | 'auth' // the token is wrong, revoked or of the other kind; never retried
  | 'not-found' // a project, service, deployment or commit does not exist
  | 'transient' // network, 5xx, timeouts: worth another try within the deadline
  | 'rate-limited' // Railway's hourly budget is used up
  | 'railway' // any other error Railway reported
  | 'timeout' // a deadline passed
  | 'cancelled' // the job was cancelled

export class GateError extends Error {
  readonly kind: ErrorKind
  readonly hint?: string
  /** Seconds the server asked us to wait (429 Retry-After). */
  readonly retryAfterMs?: number
  /** The request may have reached the server before it failed (timeout, reset): a mutation may have happened. */
  readonly ambiguous: boolean

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; retryAfterMs?: number; ambiguous?: boolean; cause?: unknown } = {}
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GateError'
    this.kind = kind
    this.hint = options.hint
    this.retryAfterMs = options.retryAfterMs
    this.ambiguous = options.ambiguous ?? false
  }

  /** "what failed. how to fix it" */
  get fullMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message
  }
}

/** Turns anything thrown into a one-line message, with the fix when the error carries one. */
export function errorMessage(error: unknown): string {
  if (error instanceof GateError) return error.fullMessage
  if (error instanceof Error) return error.message
  return String(error)
}
