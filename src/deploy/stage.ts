import { Deadline } from '../clock.js'
import type { Named } from '../railway/schemas.js'
import { fetchLogTails } from '../report/logs.js'
import type { ServiceRecord } from '../report/model.js'
import { dashboardUrl, StageFailure, type StageContext } from '../stage-context.js'
import { deployViaCli } from './cli.js'
import { recentDeployments, supersedingDeployment } from './history.js'
import { railwaySources } from './sources.js'
import { deployWithoutDuplicates } from './trigger.js'
import { reachedDeploying, waitForDeployment, type WaitOutcome } from './wait.js'
import { AUTODEPLOY_APPEAR_MS, findAutodeploy } from './watch.js'

export interface DeployStageResult {
  /** Our deployment, when one was made or found (none for `deploy: off`). */
  deploymentId?: string
  /** When the action learned the deployment reached SUCCESS (ms epoch): the health gate's start. */
  successAt: number
}

/** Pause before looking for a deployment after an ambiguous deploy call: a poll interval, 0.25–5 s. */
const lookDelay = (pollIntervalMs: number) => Math.min(5_000, Math.max(250, pollIntervalMs))

/** Starts (api, cli) or finds (watch) our deployment and returns its id. */
async function startDeployment(ctx: StageContext, service: Named, deadline: Deadline): Promise<string> {
  const { config, deps, client, target } = ctx
  const where = { environmentId: target.environment.id, serviceId: service.id, serviceName: service.name }
  switch (config.deploy) {
    case 'cli':
      return deployViaCli(deps, { ...where, projectId: target.project.id, token: config.railwayToken, tokenKind: client.tokenKind }, deadline)
    case 'watch': {
      const found = await findAutodeploy(client, where, config.commitSha, {
        deadline,
        appearWithinMs: AUTODEPLOY_APPEAR_MS,
        pollIntervalMs: config.pollIntervalMs,
        clock: deps.clock,
        log: deps.log,
        signal: deps.signal
      })
      return found.id
    }
    default:
      return deployWithoutDuplicates(client, { ...where, commitSha: config.commitSha }, {
        deadline,
        clock: deps.clock,
        log: deps.log,
        signal: deps.signal,
        lookDelayMs: lookDelay(config.pollIntervalMs)
      })
  }
}

/** For REMOVED: the newer deployment that replaced ours, named in the message; never its health. */
async function explainRemoved(ctx: StageContext, service: Named, record: ServiceRecord, outcome: WaitOutcome): Promise<string> {
  const ours = outcome.last
  if (!ours || !record.deployment) return outcome.message
  try {
    const list = await recentDeployments(ctx.client, { serviceId: service.id, environmentId: ctx.target.environment.id })
    const newer = supersedingDeployment(list, ours)
    if (!newer) return outcome.message
    record.deployment.supersededBy = newer.id
    const commit = newer.commit ? `, commit ${newer.commit.slice(0, 7)}` : ''
    return (
      `Railway deployment ${ours.id} was REMOVED: superseded by deployment ${newer.id} (${newer.status}${commit}), started after ours. ` +
      'This run does not report the newer deployment\'s health as its own; the run that started it does. Re-run to gate this commit.'
    )
  } catch (error) {
    ctx.deps.log.debug(`Looking for the deployment that replaced ${ours.id} failed: ${String(error)}`)
    return outcome.message
  }
}

/**
 * Stages 2 and 3: start (or find) the deployment and follow it to a terminal status, filling in
 * `record.deployment`. Finding, deploying and waiting share one deadline (`timeout`). Throws
 * StageFailure with the reason when the deployment did not succeed.
 */
export async function deployStage(ctx: StageContext, service: Named, record: ServiceRecord): Promise<DeployStageResult> {
  const { config, deps, client, target } = ctx
  const { log } = deps
  if (config.deploy === 'off') return { successAt: deps.clock.now() }
  const deadline = new Deadline(deps.clock, config.timeoutMs)

  const deploymentId = await log.group(`${service.name}: deploy (${config.deploy})`, () => startDeployment(ctx, service, deadline))
  log.info(`Railway deployment ${deploymentId} ${config.deploy === 'watch' ? 'found' : 'started'} for ${service.name}${config.commitSha ? ` at ${config.commitSha}` : ''}.`)
  record.deployment = {
    id: deploymentId,
    status: 'INITIALIZING',
    commitSha: config.commitSha || undefined,
    mode: config.deploy,
    timeline: [],
    dashboardUrl: dashboardUrl(target, service.id, deploymentId)
  }

  const outcome = await log.group(`${service.name}: wait for deployment ${deploymentId}`, () =>
    waitForDeployment(railwaySources(client, deps), deploymentId, {
      deadline,
      pollIntervalMs: config.pollIntervalMs,
      clock: deps.clock,
      log,
      signal: deps.signal,
      insideWorkflow: deps.env.GITHUB_ACTIONS === 'true'
    })
  )
  record.deployment.status = outcome.status
  record.deployment.timeline = outcome.timeline
  record.deployment.followedBy = outcome.followedBy
  if (outcome.verdict !== 'success') {
    const message = outcome.status === 'REMOVED' ? await explainRemoved(ctx, service, record, outcome) : outcome.message
    // A build that failed shows its build log first; anything that failed after it, the deploy log.
    const failingLog = outcome.status === 'FAILED' && !reachedDeploying(outcome.timeline) ? 'build' : 'deploy'
    record.logs = await fetchLogTails(client, deploymentId, config.logLines, ctx.secrets, failingLog).catch(() => [])
    throw new StageFailure(message)
  }
  return { deploymentId, successAt: outcome.endedAt }
}
