import type { Named } from '../railway/schemas.js'
import { fetchLogTails } from '../report/logs.js'
import type { ServiceRecord } from '../report/model.js'
import { dashboardUrl, StageFailure, type StageContext } from '../stage-context.js'
import { GateError } from '../errors.js'
import { deployViaApi } from './trigger.js'
import { waitForDeployment } from './wait.js'

export interface DeployStageResult {
  /** Our deployment, when one was made or found (none for `deploy: off`). */
  deploymentId?: string
  /** When the action learned the deployment reached SUCCESS (ms epoch): the health gate's start. */
  successAt: number
}

/**
 * Stages 2 and 3: start (or find) the deployment and follow it to a terminal status, filling in
 * `record.deployment`. Throws StageFailure with the reason when the deployment did not succeed.
 */
export async function deployStage(ctx: StageContext, service: Named, record: ServiceRecord): Promise<DeployStageResult> {
  const { config, deps, client, target } = ctx
  const { log } = deps
  if (config.deploy === 'off') return { successAt: deps.clock.now() }
  if (config.deploy !== 'api') {
    throw new GateError('config', `deploy: ${config.deploy} is not supported yet.`, { hint: 'Use `deploy: api` or `deploy: off`.' })
  }

  const deploymentId = await log.group(`${service.name}: deploy`, () =>
    deployViaApi(client, { environmentId: target.environment.id, serviceId: service.id, serviceName: service.name, commitSha: config.commitSha })
  )
  log.info(`Railway deployment ${deploymentId} started for ${service.name} at ${config.commitSha}.`)
  record.deployment = {
    id: deploymentId,
    status: 'INITIALIZING',
    commitSha: config.commitSha,
    mode: config.deploy,
    timeline: [],
    dashboardUrl: dashboardUrl(target, service.id, deploymentId)
  }

  const outcome = await log.group(`${service.name}: wait for deployment ${deploymentId}`, () =>
    waitForDeployment(client, deploymentId, { timeoutMs: config.timeoutMs, pollIntervalMs: config.pollIntervalMs, clock: deps.clock, log, signal: deps.signal })
  )
  record.deployment.status = outcome.status
  record.deployment.timeline = outcome.timeline
  record.deployment.followedBy = outcome.followedBy
  if (outcome.verdict !== 'success') {
    record.logs = await fetchLogTails(client, deploymentId, config.logLines, ctx.secrets, outcome.status === 'FAILED' ? 'build' : 'deploy').catch(() => [])
    throw new StageFailure(outcome.message)
  }
  return { deploymentId, successAt: outcome.endedAt }
}
