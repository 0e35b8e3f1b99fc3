import type { Clock, Deadline } from '../clock.js'
import type { Logger } from '../logger.js'
import type { DeploymentState } from '../railway/schemas.js'
import type { DeploymentFeed, DeploymentSources } from './feed.js'

/**
 * Observes one deployment: through the pushed feed while it lives, by polling otherwise. Callers ask
 * for "the next state, or nothing by time T" and never need to know which source answered; the wait
 * is correct either way, the feed only makes it faster and cheaper.
 */

/** How long the subscription may take to deliver its first state before we poll instead. */
export const FEED_HANDSHAKE_MS = 10_000
/**
 * A subscription that has said nothing for this long gets one HTTP read, in case events were lost on
 * a half-open connection (the pong timeout catches most of those first).
 */
export const FEED_SILENCE_CHECK_MS = 5 * 60_000
/** The longest a low rate-limit budget stretches the poll interval. */
export const MAX_POLL_INTERVAL_MS = 5 * 60_000

/**
 * How the base interval is shaped by the status last seen. The end of a deployment almost always
 * comes out of DEPLOYING (Railway's own healthcheck passes, or the app crashes), so that phase is read
 * twice as often; the long phases before it (building, queued, waiting) half as often again. Over a
 * 5-minute deploy this keeps the number of reads about the same as a flat interval while the end is
 * noticed within half an interval at worst (a quarter on average). A failed build is noticed a little
 * later than with a flat interval: an acceptable price, nothing waits on a failed build.
 */
const PHASE_FACTOR: Record<string, number> = { DEPLOYING: 0.5, BUILDING: 1.5, QUEUED: 1.5, WAITING: 1.5, NEEDS_APPROVAL: 1.5 }

/** Reads never come closer than this, whatever the phase (unless the base interval itself is shorter). */
const MIN_POLL_INTERVAL_MS = 1000

/**
 * The poll interval for the budget left, from X-RateLimit-Remaining (Railway's window is an hour:
 * Free 100, Hobby 1,000 requests), and for the phase the deployment is in (see PHASE_FACTOR). At 100
 * or more left, or when unknown, the phase's interval; below 100 twice it, below 50 four times, below
 * 20 eight times; never more than five minutes (or the base, when the base is longer). A run that is
 * about to exhaust the budget slows down instead of failing every other workflow of the account with
 * 429s.
 */
export function pollInterval(baseMs: number, remaining: number | undefined, status?: string): number {
  const budget = remaining === undefined || remaining >= 100 ? 1 : remaining >= 50 ? 2 : remaining >= 20 ? 4 : 8
  const phased = baseMs * (status ? (PHASE_FACTOR[status] ?? 1) : 1) * budget
  const floor = Math.min(baseMs, MIN_POLL_INTERVAL_MS)
  return Math.max(floor, Math.min(phased, Math.max(baseMs, MAX_POLL_INTERVAL_MS)))
}

export interface FollowOptions {
  deadline: Deadline
  pollIntervalMs: number
  clock: Clock
  log: Logger
  signal?: AbortSignal
}

export class DeploymentFollower {
  /** How the latest state was learned. */
  via: 'subscription' | 'polling' = 'polling'
  private feed?: DeploymentFeed
  private feedConfirmed = false
  private lastFeedEventAt = 0
  private nextPollAt = 0
  private readonly id: string
  private readonly sources: DeploymentSources
  private readonly options: FollowOptions

  constructor(sources: DeploymentSources, deploymentId: string, options: FollowOptions) {
    this.sources = sources
    this.id = deploymentId
    this.options = options
    try {
      this.feed = sources.openFeed?.(deploymentId)
    } catch (error) {
      options.log.info(`Could not open the deployment subscription (${String(error)}); polling instead.`)
    }
    if (this.feed) {
      this.via = 'subscription'
      this.lastFeedEventAt = options.clock.now()
    }
  }

  /** The next state, or undefined when `until` (ms epoch) comes first. Never waits past the deadline. */
  async observe(until: number): Promise<DeploymentState | undefined> {
    const { clock, deadline } = this.options
    const limit = Math.min(until, deadline.at)
    for (;;) {
      this.options.signal?.throwIfAborted()
      const now = clock.now()
      if (this.feed) {
        const handshakeEnds = this.lastFeedEventAt + FEED_HANDSHAKE_MS
        const silenceEnds = this.lastFeedEventAt + FEED_SILENCE_CHECK_MS
        const checkAt = this.feedConfirmed ? silenceEnds : handshakeEnds
        if (now >= checkAt) {
          if (!this.feedConfirmed) {
            this.fallBack(`no state within ${FEED_HANDSHAKE_MS / 1000}s of subscribing`)
            continue
          }
          // A long silence: one read to be sure nothing was missed, then keep listening.
          this.lastFeedEventAt = now
          return this.pollNow()
        }
        if (now >= limit) return undefined
        const event = await this.feed.next(Math.min(limit, checkAt) - now, this.options.signal)
        if (event.kind === 'state') {
          this.feedConfirmed = true
          this.lastFeedEventAt = clock.now()
          this.via = 'subscription'
          return event.state
        }
        if (event.kind === 'closed') {
          this.fallBack(event.reason)
          continue
        }
        continue
      }
      if (now >= this.nextPollAt) return this.pollNow()
      if (now >= limit) return undefined
      await clock.sleep(Math.min(this.nextPollAt, limit) - now, this.options.signal)
    }
  }

  close(): void {
    this.feed?.close()
    this.feed = undefined
  }

  private fallBack(reason: string): void {
    this.options.log.info(`Deployment ${this.id}: subscription unavailable (${reason}); polling every ${this.options.pollIntervalMs}ms instead.`)
    this.close()
    this.nextPollAt = 0
  }

  private async pollNow(): Promise<DeploymentState> {
    const state = await this.sources.poll(this.id, this.options.deadline)
    if (!this.feed) this.via = 'polling'
    this.nextPollAt = this.options.clock.now() + pollInterval(this.options.pollIntervalMs, this.sources.rateLimitRemaining(), state.status)
    return state
  }
}
