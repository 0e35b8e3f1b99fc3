import { Deadline, formatDuration, type Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { DeploymentState } from '../railway/schemas.js'
import type { TimelineEntry } from '../report/model.js'
import type { DeploymentSources } from './feed.js'
import { DeploymentFollower } from './follow.js'
import { classifyStatus, failureMessage, pendingExplanation } from './status.js'

export interface WaitOptions {
  /** The one deadline of the deploy stage: finding, deploying and waiting all count against it. */
  deadline: Deadline
  pollIntervalMs: number
  clock: Clock
  log: Logger
  signal?: AbortSignal
  /**
   * True when this runs inside a GitHub workflow run on the commit: a deployment that stays WAITING
   * ("Wait for CI") then waits on this very run, so it is reported as a deadlock after `waitingGraceMs`.
   */
  insideWorkflow?: boolean
  waitingGraceMs?: number
}

export interface WaitOutcome {
  verdict: 'success' | 'failure' | 'timeout'
  status: string
  message: string
  timeline: TimelineEntry[]
  /** When the action learned the final status (ms since epoch). */
  endedAt: number
  followedBy: 'polling' | 'subscription'
  last?: DeploymentState
}

/**
 * How long WAITING may last before it counts as the "Wait for CI" deadlock: ten poll intervals, at
 * least a second and at most a minute. Railway can show WAITING briefly while it looks up the checks;
 * a minute is far longer than that and far shorter than any useful `timeout`.
 */
export function waitingGrace(pollIntervalMs: number): number {
  return Math.min(60_000, Math.max(1_000, pollIntervalMs * 10))
}

/** Keeps the status history: a new entry on every change, durations filled in as it moves on. */
/** Whether the deployment got past its build (Railway was starting the new version). */
export function reachedDeploying(timeline: TimelineEntry[]): boolean {
  return timeline.some((entry) => entry.status === 'DEPLOYING')
}

export class Timeline {
  readonly entries: TimelineEntry[] = []
  private lastAt = 0

  record(status: string, at: number): boolean {
    const last = this.entries[this.entries.length - 1]
    if (last?.status === status) return false
    if (last) last.durationMs = Math.max(0, at - this.lastAt)
    this.entries.push({ status, at: new Date(at).toISOString() })
    this.lastAt = at
    return true
  }
}

/**
 * Follows one deployment until a terminal status, the WAITING deadlock, or the deadline. Success only
 * on SUCCESS; FAILED, CRASHED, REMOVED and SKIPPED end it at once; anything else (including statuses
 * Railway adds later) waits, and the timeout message names the state it was stuck in.
 */
export async function waitForDeployment(sources: DeploymentSources, deploymentId: string, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, log, deadline } = options
  const grace = options.waitingGraceMs ?? waitingGrace(options.pollIntervalMs)
  const follower = new DeploymentFollower(sources, deploymentId, options)
  const timeline = new Timeline()
  let last: DeploymentState | undefined
  let waitingSince: number | undefined
  const outcome = (verdict: WaitOutcome['verdict'], message: string): WaitOutcome => ({
    verdict,
    status: last?.status ?? 'UNKNOWN',
    message,
    timeline: timeline.entries,
    endedAt: clock.now(),
    followedBy: follower.via,
    last
  })
  try {
    for (;;) {
      const until = options.insideWorkflow && waitingSince !== undefined ? waitingSince + grace : deadline.at
      const state = await follower.observe(until)
      const now = clock.now()
      if (state) {
        last = state
        if (timeline.record(state.status, now)) log.info(`Deployment ${deploymentId}: ${state.status}${follower.via === 'subscription' ? ' (subscription)' : ''}`)
        const kind = classifyStatus(state.status)
        if (kind === 'success') return outcome('success', `Deployment ${deploymentId} reached SUCCESS.`)
        if (kind === 'failure') return outcome('failure', failureMessage(state.status, deploymentId, reachedDeploying(timeline.entries)))
        waitingSince = state.status === 'WAITING' ? (waitingSince ?? now) : undefined
      }
      if (options.insideWorkflow && waitingSince !== undefined && now - waitingSince >= grace) {
        return outcome(
          'failure',
          `Deployment ${deploymentId} has been WAITING for ${formatDuration(now - waitingSince)}: a deadlock, detected early. ${pendingExplanation('WAITING')}`
        )
      }
      if (deadline.passed()) break
    }
  } finally {
    follower.close()
  }
  const status = last?.status ?? 'UNKNOWN'
  return outcome('timeout', `Deployment ${deploymentId} did not finish within the timeout; it was still ${status}. ${pendingExplanation(status)}`)
}
