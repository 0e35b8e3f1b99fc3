import { formatDuration } from '../clock.js'
import { SERVICE_INSTANCE } from '../railway/documents.js'
import { ServiceInstanceData, type Named } from '../railway/schemas.js'
import { fetchLogTails } from '../report/logs.js'
import type { ServiceRecord } from '../report/model.js'
import { StageFailure, type StageContext } from '../stage-context.js'
import { stabilityGate } from '../deploy/stability.js'
import { healthTarget, runHealthGate, type HealthTarget } from './gate.js'

/** Where the service answers: read before deploying, so the report has the URL whatever happens. */
export async function locateService(ctx: StageContext, service: Named): Promise<HealthTarget> {
  const instance = (
    await ctx.client.request(SERVICE_INSTANCE, { environmentId: ctx.target.environment.id, serviceId: service.id }, ServiceInstanceData)
  ).serviceInstance
  return healthTarget(ctx.config.health, {
    customDomains: instance.domains.customDomains.map((d) => d.domain),
    serviceDomains: instance.domains.serviceDomains.map((d) => d.domain),
    healthcheckPath: instance.healthcheckPath
  })
}

/**
 * Stage 4: after our deployment is SUCCESS, probe until the new version answers. Fills in
 * `record.health` and the success message; throws StageFailure when the gate fails.
 */
export async function healthStage(
  ctx: StageContext,
  service: Named,
  record: ServiceRecord,
  where: HealthTarget,
  deployment: { deploymentId?: string; successAt: number }
): Promise<void> {
  const { config, deps, client } = ctx
  if (!where.url) {
    // No URL (a worker): the deployment must stay SUCCESS for stable-for instead (src/deploy/stability.ts).
    record.health =
      deployment.deploymentId && config.stableForMs > 0
        ? await deps.log.group(`${service.name}: stability window`, () => stabilityGate(ctx, deployment.deploymentId!, where.reason))
        : { verdict: 'skipped', reason: where.reason, probes: [], totalProbes: 0 }
  } else {
    const url = where.url
    record.health = await deps.log.group(`${service.name}: health gate`, () =>
      runHealthGate(url, config.health, {
        fetch: deps.fetch,
        clock: deps.clock,
        random: deps.random,
        log: deps.log,
        signal: deps.signal,
        since: deployment.successAt
      })
    )
  }
  if (record.health.verdict === 'failed') {
    if (deployment.deploymentId) record.logs = await fetchLogTails(client, deployment.deploymentId, config.logLines, ctx.secrets, 'deploy').catch(() => [])
    const reason = record.health.reason
    throw new StageFailure(`The health gate failed${record.health.url ? ` at ${record.health.url}` : ''}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`)
  }
  if (deployment.deploymentId && config.logLines > 0) {
    record.logs = await fetchLogTails(client, deployment.deploymentId, config.logLines, ctx.secrets).catch(() => [])
  }
  record.message = successMessage(record, deployment.deploymentId !== undefined, formatDuration(deps.clock.now() - deployment.successAt))
}

/** The one-line verdict of a service that passed, worded for what actually happened. */
function successMessage(record: ServiceRecord, deployed: boolean, sinceSuccess: string): string {
  const health = record.health!
  if (health.verdict === 'passed' && !health.url) return `Deployed and stable: ${health.reason}.`
  if (health.verdict === 'passed') {
    return deployed
      ? `Deployed and healthy: ${health.url} passed ${health.reason} ${sinceSuccess} after SUCCESS.`
      : `Nothing deployed (deploy: off); the live version at ${health.url} passed ${health.reason}.`
  }
  return deployed
    ? `Deployed (SUCCESS); health probe skipped: ${health.reason}.`
    : `Checked; nothing deployed (deploy: off); health probe skipped: ${health.reason}.`
}
