import type { Named } from '../railway/schemas.js'
import { VARIABLES } from '../railway/documents.js'
import { VariablesData } from '../railway/schemas.js'
import type { ChecklistResult } from '../report/model.js'
import type { StageContext } from '../stage-context.js'
import { checklistFor } from './build.js'
import { evaluateChecklist, itemFails, type Variables } from './evaluate.js'

/** Reads a service's variables (rendered and unrendered) and registers every value worth masking. */
export async function readVariables(ctx: StageContext, service: Named): Promise<{ rendered: Variables; unrendered: Variables }> {
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

/** Stage 1: the service's variables against its checklist. Names and states only, never values. */
export async function checkStage(ctx: StageContext, service: Named): Promise<ChecklistResult> {
  const { rendered, unrendered } = await readVariables(ctx, service)
  const items = evaluateChecklist(checklistFor(ctx.checklist, service.name), rendered, unrendered)
  return {
    mode: ctx.config.secretsCheck,
    presets: ctx.checklist.presets,
    detected: ctx.checklist.detected,
    file: ctx.checklist.file,
    items,
    failed: items.some(itemFails)
  }
}
