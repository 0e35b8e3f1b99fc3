import { checkStage } from './checklist/stage.js'
import { itemFails } from './checklist/evaluate.js'
import { rollBack } from './deploy/rollback.js'
import { deployStage } from './deploy/stage.js'
import { errorMessage, GateError } from './errors.js'
import { healthStage, locateService } from './health/stage.js'
import type { Named } from './railway/schemas.js'
import type { ServiceRecord, Stage } from './report/model.js'
import { StageFailure, type StageContext } from './stage-context.js'

/**
 * The four stages for one service: check → deploy → wait → health. Each stage lives with its area
 * (checklist/, deploy/, health/) and fills in its part of the service record; a stage that cannot pass
 * throws StageFailure, which ends the service's run with the failed verdict and the stage's message.
 */
export async function runService(ctx: StageContext, service: Named): Promise<ServiceRecord> {
  const { config, deps } = ctx
  const record: ServiceRecord = { name: service.name, id: service.id, verdict: 'passed', message: '', logs: [] }
  let stage: Stage = 'check'
  try {
    if (config.secretsCheck !== 'off') {
      record.checklist = await deps.log.group(`${service.name}: check variables`, () => checkStage(ctx, service))
      const failing = record.checklist.items.filter(itemFails)
      if (failing.length > 0 && config.secretsCheck === 'error') {
        throw new StageFailure(
          `${failing.length} variable${failing.length === 1 ? '' : 's'} failed the checklist (${failing.map((i) => i.name).join(', ')}); nothing was deployed. Fix them in Railway (service → Variables) and re-run.`
        )
      }
    }

    stage = 'deploy'
    const where = await locateService(ctx, service)
    record.url = where.publicUrl
    const deployment = await deployStage(ctx, service, record)

    stage = 'health'
    await healthStage(ctx, service, record, where, deployment)
    return record
  } catch (error) {
    if (deps.signal.aborted || (error instanceof GateError && error.kind === 'cancelled')) {
      record.verdict = 'cancelled'
      record.failedStage = stage
      record.message = `Cancelled during ${stage}.`
      return record
    }
    record.verdict = 'failed'
    record.failedStage = record.deployment && stage === 'deploy' && record.deployment.status !== 'INITIALIZING' ? 'wait' : stage
    record.message = errorMessage(error)
    // The deployment went live and then failed the gate: put the previous one back when asked to.
    if (config.rollbackOnFailure && stage === 'health' && record.deployment) record.message += await rollBack(ctx, service, record)
    return record
  }
}
