import { checklistFor, type BuiltChecklist } from './checklist/build.js'
import { evaluateChecklist, itemFails, type Variables } from './checklist/evaluate.js'
import { formatDuration } from './clock.js'
import type { Config } from './config/inputs.js'
import type { Deps } from './deps.js'
import { deployViaApi } from './deploy/trigger.js'
import { waitForDeployment } from './deploy/wait.js'
import { errorMessage, GateError } from './errors.js'
import { healthTarget, runHealthGate } from './health/gate.js'
import type { RailwayClient } from './railway/client.js'
import { SERVICE_INSTANCE, VARIABLES } from './railway/documents.js'
import type { Target } from './railway/resolve.js'
import { ServiceInstanceData, VariablesData, type Named } from './railway/schemas.js'
import { fetchLogTails } from './report/logs.js'
import type { ChecklistResult, ServiceRecord, Stage } from './report/model.js'
import type { SecretSet } from './report/sanitize.js'

/**
 * The four stages for one service: check → deploy → wait → health, each filling in the service's part
 * of the run record. A stage that fails ends the service's run with a verdict and a message; it does
 * not throw (except for cancellation, which main turns into the `cancelled` verdict).
 */

export interface ServiceRunContext {
  config: Config
  deps: Deps
  client: RailwayClient
  target: Target
  checklist: BuiltChecklist
  secrets: SecretSet
}

export function dashboardUrl(target: Target, serviceId: string, deploymentId?: string): string {
  const base = `https://railway.com/project/${target.project.id}/service/${serviceId}?environmentId=${target.environment.id}`
  return deploymentId ? `${base}&id=${deploymentId}` : base
}

/** Reads a service's variables (rendered and unrendered) and registers every value worth masking. */
async function readVariables(ctx: ServiceRunContext, service: Named): Promise<{ rendered: Variables; unrendered: Variables }> {
  const ids = { projectId: ctx.target.project.id, environmentId: ctx.target.environment.id, serviceId: service.id }
  const [rendered, unrendered] = await Promise.all([
    ctx.client.request(VARIABLES, { ...ids, unrendered: false }, VariablesData),
    ctx.client.request(VARIABLES, { ...ids, unrendered: true }, VariablesData)
  ])
  for (const value of Object.values(rendered.variables)) {
    if (value && value.trim().length >= 6) ctx.deps.log.setSecret(value.trim())
    ctx.secrets.add(value)
  }
  return { rendered: rendered.variables, unrendered: unrendered.variables }
}

async function checkStage(ctx: ServiceRunContext, service: Named): Promise<ChecklistResult> {
  const { config } = ctx
  const { rendered, unrendered } = await readVariables(ctx, service)
  const items = evaluateChecklist(checklistFor(ctx.checklist, service.name), rendered, unrendered)
  return {
    mode: config.secretsCheck,
    presets: ctx.checklist.presets,
    detected: ctx.checklist.detected,
    file: ctx.checklist.file,
    items,
    failed: items.some(itemFails)
  }
}

function fail(record: ServiceRecord, stage: Stage, message: string): ServiceRecord {
  record.verdict = 'failed'
  record.failedStage = stage
  record.message = message
  return record
}

export async function runService(ctx: ServiceRunContext, service: Named): Promise<ServiceRecord> {
  const { config, deps, client, target } = ctx
  const { log } = deps
  const record: ServiceRecord = { name: service.name, id: service.id, verdict: 'passed', message: '', logs: [] }
  let stage: Stage = 'check'
  try {
    // 1. check
    if (config.secretsCheck !== 'off') {
      record.checklist = await log.group(`${service.name}: check variables`, () => checkStage(ctx, service))
      const failing = record.checklist.items.filter(itemFails)
      if (failing.length > 0 && config.secretsCheck === 'error') {
        return fail(record, 'check', `${failing.length} variable${failing.length === 1 ? '' : 's'} failed the checklist (${failing.map((i) => i.name).join(', ')}); nothing was deployed. Fix them in Railway (service → Variables) and re-run.`)
      }
    }

    // 2. deploy
    stage = 'deploy'
    const instance = (
      await client.request(SERVICE_INSTANCE, { environmentId: target.environment.id, serviceId: service.id }, ServiceInstanceData)
    ).serviceInstance
    const endpoint = {
      customDomains: instance.domains.customDomains.map((d) => d.domain),
      serviceDomains: instance.domains.serviceDomains.map((d) => d.domain),
      healthcheckPath: instance.healthcheckPath
    }
    const where = healthTarget(config.health, endpoint)
    record.url = where.publicUrl

    let deploymentId: string | undefined
    if (config.deploy === 'api') {
      deploymentId = await log.group(`${service.name}: deploy`, () =>
        deployViaApi(client, { environmentId: target.environment.id, serviceId: service.id, serviceName: service.name, commitSha: config.commitSha })
      )
      log.info(`Railway deployment ${deploymentId} started for ${service.name} at ${config.commitSha}.`)
    } else if (config.deploy !== 'off') {
      throw new GateError('config', `deploy: ${config.deploy} is not supported yet.`, { hint: 'Use `deploy: api` or `deploy: off`.' })
    }

    // 3. wait
    let successAt = deps.clock.now()
    if (deploymentId) {
      stage = 'wait'
      const id = deploymentId
      record.deployment = { id, status: 'INITIALIZING', commitSha: config.commitSha, mode: config.deploy, timeline: [], dashboardUrl: dashboardUrl(target, service.id, id) }
      const outcome = await log.group(`${service.name}: wait for deployment ${id}`, () =>
        waitForDeployment(client, id, { timeoutMs: config.timeoutMs, pollIntervalMs: config.pollIntervalMs, clock: deps.clock, log, signal: deps.signal })
      )
      record.deployment.status = outcome.status
      record.deployment.timeline = outcome.timeline
      record.deployment.followedBy = outcome.followedBy
      successAt = outcome.endedAt
      if (outcome.verdict !== 'success') {
        record.logs = await fetchLogTails(client, id, config.logLines, ctx.secrets, outcome.status === 'FAILED' ? 'build' : 'deploy').catch(() => [])
        return fail(record, 'wait', outcome.message)
      }
    }

    // 4. health
    stage = 'health'
    if (!where.url) {
      record.health = { verdict: 'skipped', reason: where.reason, probes: [], totalProbes: 0 }
    } else {
      const url = where.url
      record.health = await log.group(`${service.name}: health gate`, () =>
        runHealthGate(url, config.health, { fetch: deps.fetch, clock: deps.clock, random: deps.random, log, signal: deps.signal })
      )
    }
    if (record.health.verdict === 'failed') {
      if (deploymentId) record.logs = await fetchLogTails(client, deploymentId, config.logLines, ctx.secrets, 'deploy').catch(() => [])
      return fail(record, 'health', `The health gate failed at ${record.health.url}: ${record.health.reason}.`)
    }
    if (deploymentId && config.logLines > 0) {
      record.logs = await fetchLogTails(client, deploymentId, config.logLines, ctx.secrets).catch(() => [])
    }
    const took = formatDuration(deps.clock.now() - successAt)
    record.message =
      record.health.verdict === 'passed'
        ? `Deployed and healthy: ${record.health.url} passed ${record.health.reason} ${took} after SUCCESS.`
        : deploymentId
          ? `Deployed (SUCCESS); health probe skipped: ${record.health.reason}.`
          : `Checked; nothing deployed (deploy: off); health probe skipped: ${record.health.reason}.`
    return record
  } catch (error) {
    if (deps.signal.aborted || (error instanceof GateError && error.kind === 'cancelled')) {
      record.verdict = 'cancelled'
      record.failedStage = stage
      record.message = `Cancelled during ${stage}.`
      return record
    }
    return fail(record, stage, errorMessage(error))
  }
}
