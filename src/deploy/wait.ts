import { Deadline, type Clock } from '../clock.js'
import { GateError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { RailwayClient } from '../railway/client.js'
import { DEPLOYMENT } from '../railway/documents.js'
import { DeploymentData, type DeploymentState } from '../railway/schemas.js'
import type { TimelineEntry } from '../report/model.js'
import { classifyStatus, failureMessage, pendingExplanation } from './status.js'

export interface WaitOptions {
  timeoutMs: number
  pollIntervalMs: number
  clock: Clock
  log: Logger
  signal?: AbortSignal
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

/** Keeps the status history: a new entry on every change, durations filled in as it moves on. */
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
 * Follows one deployment until a terminal status or the deadline, by polling its state. A first cut:
 * the deploy-wait issue adds the WebSocket subscription and rate-limit-aware intervals.
 */
export async function waitForDeployment(client: RailwayClient, deploymentId: string, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, log } = options
  const deadline = new Deadline(clock, options.timeoutMs)
  const timeline = new Timeline()
  let last: DeploymentState | undefined
  for (;;) {
    try {
      last = (await client.request(DEPLOYMENT, { id: deploymentId }, DeploymentData, { deadline })).deployment
    } catch (error) {
      if (error instanceof GateError && error.kind === 'transient' && !deadline.passed()) {
        log.debug(`Reading deployment ${deploymentId} failed (${error.message}); trying again.`)
      } else {
        throw error
      }
    }
    if (last) {
      if (timeline.record(last.status, clock.now())) log.info(`Deployment ${deploymentId}: ${last.status}`)
      const kind = classifyStatus(last.status)
      if (kind !== 'pending') {
        return {
          verdict: kind,
          status: last.status,
          message: kind === 'success' ? `Deployment ${deploymentId} reached SUCCESS.` : failureMessage(last.status, deploymentId),
          timeline: timeline.entries,
          endedAt: clock.now(),
          followedBy: 'polling',
          last
        }
      }
    }
    if (deadline.remaining() <= 0) break
    await clock.sleep(Math.min(options.pollIntervalMs, deadline.remaining()), options.signal)
  }
  const status = last?.status ?? 'UNKNOWN'
  return {
    verdict: 'timeout',
    status,
    message: `Deployment ${deploymentId} did not finish within the timeout; it was still ${status}. ${pendingExplanation(status)}`,
    timeline: timeline.entries,
    endedAt: clock.now(),
    followedBy: 'polling',
    last
  }
}
