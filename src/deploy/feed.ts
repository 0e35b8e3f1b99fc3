import type { Deadline } from '../clock.js'
import type { DeploymentState } from '../railway/schemas.js'

/**
 * The two ways of learning a deployment's state, behind small interfaces so the follow logic is tested
 * with a fake clock and scripted sources (no sockets, no HTTP): a pushed feed (Railway's WebSocket
 * subscription) and a pull (one HTTP read of the deployment).
 */

export type FeedEvent =
  | { kind: 'state'; state: DeploymentState }
  /** The feed ended (socket refused, closed, or an error in the stream): fall back to polling. */
  | { kind: 'closed'; reason: string }
  /** Nothing arrived within the wait. */
  | { kind: 'idle' }

export interface DeploymentFeed {
  /**
   * The next pushed state, `closed` when the feed ended, or `idle` after `waitMs` with nothing new.
   * Rejects with the signal's reason when it aborts (job cancelled).
   */
  next(waitMs: number, signal?: AbortSignal): Promise<FeedEvent>
  close(): void
}

export interface DeploymentSources {
  /** Opens a pushed feed for the deployment; undefined when subscriptions are not available. */
  openFeed?: (deploymentId: string) => DeploymentFeed | undefined
  /** One read of the deployment's state (the client retries 5xx and 429 within the deadline). */
  poll: (deploymentId: string, deadline: Deadline) => Promise<DeploymentState>
  /** Requests left in Railway's rate-limit window, from the last answer's X-RateLimit-Remaining. */
  rateLimitRemaining: () => number | undefined
}
