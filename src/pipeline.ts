import { checkStage, rememberValuesForRedaction } from './checklist/stage.js'
import { itemFails } from './checklist/evaluate.js'
import { rollBack } from './deploy/rollback.js'
import { deployStage } from './deploy/stage.js'
import { errorMessage, GateError } from './errors.js'
import { healthStage, locateService } from './health/stage.js'
import type { Named } from './railway/schemas.js'
import type { ServiceRecord, Stage } from './report/model.js'
import { StageFailure, type StageContext } from './stage-context.js'

/**
 * The four stages for each service: check → deploy → wait → health. Each stage lives with its area
 * (checklist/, deploy/, health/) and fills in its part of the service record; a stage that cannot pass
 * throws StageFailure, which ends the service's run with the failed verdict and the stage's message.
 *
 * The check runs for every service before any deploys: with `secrets-check: error` one service's failed
 * checklist stops the whole run, so a web service never goes out without the worker it needs.
 */
export async function runServices(ctx: StageContext, services: Named[]): Promise<ServiceRecord[]> {
  const records = await Promise.all(services.map((service) => checkService(ctx, service)))
  const blocking = records.filter((r) => r.verdict !== 'passed')
  if (blocking.length > 0) {
    const names = blocking.map((r) => r.name).join(', ')
    for (const record of records.filter((r) => r.verdict === 'passed')) {
      record.verdict = ctx.deps.signal.aborted ? 'cancelled' : 'failed'
      record.failedStage = 'check'
      record.message = `Not deployed: ${names} did not pass the check, and a failed check stops the whole run before any deploy. Fix ${names} and re-run.`
    }
    return records
  }
  return Promise.all(services.map((service, i) => deployService(ctx, service, records[i])))
}

function endWith(ctx: StageContext, record: ServiceRecord, stage: Stage, error: unknown): ServiceRecord {
  if (ctx.deps.signal.aborted || (error instanceof GateError && error.kind === 'cancelled')) {
    record.verdict = 'cancelled'
    record.failedStage = stage
    record.message = `Cancelled during ${stage}.`
    return record
  }
  record.verdict = 'failed'
  record.failedStage = record.deployment && stage === 'deploy' && record.deployment.status !== 'INITIALIZING' ? 'wait' : stage
  record.message = errorMessage(error)
  return record
}

/** Stage 1: the checklist. The record leaves with verdict passed, or failed with the reason. */
export async function checkService(ctx: StageContext, service: Named): Promise<ServiceRecord> {
  const { config, deps } = ctx
  const record: ServiceRecord = { name: service.name, id: service.id, verdict: 'passed', message: '', logs: [] }
  try {
    if (config.secretsCheck === 'off') {
      if (config.logLines > 0) await rememberValuesForRedaction(ctx, service)
      return record
    }
    record.checklist = await deps.log.group(`${service.name}: check variables`, () => checkStage(ctx, service))
    const failing = record.checklist.items.filter(itemFails)
    if (failing.length > 0 && config.secretsCheck === 'error') {
      throw new StageFailure(
        `${failing.length} variable${failing.length === 1 ? '' : 's'} failed the checklist (${failing.map((i) => i.name).join(', ')}); nothing was deployed. Fix them in Railway (service → Variables) and re-run.`
      )
    }
    return record
  } catch (error) {
    return endWith(ctx, record, 'check', error)
  }
}

/** Stages 2–4: deploy, wait, health — for a service whose check passed. */
export async function deployService(ctx: StageContext, service: Named, record: ServiceRecord): Promise<ServiceRecord> {
  let stage: Stage = 'deploy'
  try {
    const where = await locateService(ctx, service)
    record.url = where.publicUrl
    const deployment = await deployStage(ctx, service, record)

    stage = 'health'
    await healthStage(ctx, service, record, where, deployment)
    return record
  } catch (error) {
    endWith(ctx, record, stage, error)
    // The deployment went live and then failed the gate: put the previous one back when asked to.
    // Only when the gate itself failed: an API error (429, auth) says nothing about the deployment.
    if (record.verdict === 'failed' && error instanceof StageFailure && ctx.config.rollbackOnFailure && stage === 'health' && record.deployment) {
      record.message += await rollBack(ctx, service, record)
    }
    return record
  }
}
