import type { Named } from '../railway/schemas.js'
import { VARIABLES, VOLUMES } from '../railway/documents.js'
import { VariablesData, VolumesData } from '../railway/schemas.js'
import { errorMessage, GateError } from '../errors.js'
import type { ChecklistResult } from '../report/model.js'
import { SecretSet } from '../report/sanitize.js'
import type { StageContext } from '../stage-context.js'
import { misspelledSections, serviceChecklist } from './build.js'
import { evaluateChecklist, isPureReference, itemFails, type Variables } from './evaluate.js'
import type { Checklist, ServiceFacts } from './types.js'

/**
 * Whether a value is worth registering with the runner's masker and the redaction set. Masking a value
 * hides it everywhere in the log, so masking `production` or `/app/data` would garble the log and the
 * report's log tails. Skipped: values shorter than SecretSet.MIN_LENGTH, Railway's own RAILWAY_* variables
 * (domains, ids, paths), variables the checklist knows as settings (DEBUG, MIX_ENV...), single lower-case
 * words, numbers and absolute paths — unless the name says it is a secret (…KEY, …TOKEN, …PASSWORD…).
 * Everything else, known to the checklist or not, is masked.
 */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASS|PWD|CREDENTIAL|DSN|AUTH|PRIVATE|SALT|SIGNING/i

export function worthMasking(name: string, value: string | null | undefined, checklist: Checklist): boolean {
  const trimmed = value?.trim() ?? ''
  if (trimmed.length < SecretSet.MIN_LENGTH) return false
  // A name that says "secret" is masked whatever its value looks like (`mysecretpassword`, a PIN).
  if (SECRET_NAME.test(name)) return true
  if (name.startsWith('RAILWAY_')) return false
  if (Object.entries(checklist).some(([n, r]) => r.secret === false && (n === name || r.aliases.includes(name)))) return false
  return !/^([a-z]+|-?\d+(\.\d+)?|\/[\w./-]*)$/.test(trimmed)
}

/** Registers a value: with the runner when worth masking, and in the redaction set for log tails. */
function remember(ctx: StageContext, name: string, value: string | null | undefined, checklist: Checklist): void {
  if (!value || !worthMasking(name, value, checklist)) return
  ctx.deps.log.setSecret(value.trim())
  ctx.secrets.add(value)
}

/** Reads a service's variables (rendered and unrendered) and registers every value worth masking. */
export async function readVariables(ctx: StageContext, service: Named, checklist: Checklist): Promise<{ rendered: Variables; unrendered: Variables }> {
  const ids = { projectId: ctx.target.project.id, environmentId: ctx.target.environment.id, serviceId: service.id }
  const [rendered, unrendered] = await Promise.all([
    ctx.client.request(VARIABLES, { ...ids, unrendered: false }, VariablesData),
    ctx.client.request(VARIABLES, { ...ids, unrendered: true }, VariablesData)
  ])
  for (const [name, value] of Object.entries(rendered.variables)) remember(ctx, name, value, checklist)
  // An unrendered value that mixes text and references (`postgres://u:${{...}}@host`) can hold a secret too.
  for (const [name, value] of Object.entries(unrendered.variables)) {
    if (value && !isPureReference(value)) remember(ctx, name, value, checklist)
  }
  return { rendered: rendered.variables, unrendered: unrendered.variables }
}

/**
 * The service's volume mount path, asked only when a rule needs it (one request, not one per run of
 * every stack). Railway's environment-scoped volume list first; when that cannot be read, the
 * RAILWAY_VOLUME_MOUNT_PATH variable Railway injects into services that have a volume.
 */
async function volumeFacts(ctx: StageContext, service: Named, checklist: Checklist, rendered: Variables): Promise<ServiceFacts> {
  if (!Object.values(checklist).some((r) => r.onVolume)) return {}
  try {
    const data = await ctx.client.request(VOLUMES, { environmentId: ctx.target.environment.id }, VolumesData)
    const mine = data.environment.volumeInstances.edges.map((e) => e.node).find((v) => v.serviceId === service.id)
    return { volumeMountPath: mine ? mine.mountPath : null }
  } catch (error) {
    if (error instanceof GateError && error.kind === 'cancelled') throw error
    const fromVariable = rendered.RAILWAY_VOLUME_MOUNT_PATH?.trim()
    ctx.deps.log.warning(
      `Could not read the volumes of ${service.name} (${errorMessage(error)}); ${fromVariable ? 'using RAILWAY_VOLUME_MOUNT_PATH instead' : 'volume rules are only checked when their variable is set'}.`
    )
    return { volumeMountPath: fromVariable || undefined }
  }
}

/** Stage 1: the service's variables against its checklist. Names and states only, never values. */
/**
 * With `secrets-check: off` nothing is evaluated, but the values are still read when log tails will be
 * shown: they are what the redaction of those tails needs.
 */
export async function rememberValuesForRedaction(ctx: StageContext, service: Named): Promise<void> {
  await readVariables(ctx, service, serviceChecklist(ctx.checklist, service.name).checklist)
}

export async function checkStage(ctx: StageContext, service: Named): Promise<ChecklistResult> {
  const { presets, checklist } = serviceChecklist(ctx.checklist, service.name)
  // Said once per run, by the first service's check.
  const names = ctx.target.services.map((s) => s.name)
  for (const { section, service: likely } of service.id === ctx.target.services[0]?.id ? misspelledSections(ctx.checklist, names) : []) {
    ctx.deps.log.warning(`The checklist file has rules for service '${section}', which is not in this run: did you mean '${likely}'?`)
  }
  const { rendered, unrendered } = await readVariables(ctx, service, checklist)
  const facts = await volumeFacts(ctx, service, checklist, rendered)
  const items = evaluateChecklist(checklist, rendered, unrendered, facts)
  for (const item of items) {
    if (item.state !== 'ok') ctx.deps.log.info(`${item.name}: ${item.state}${item.rule ? ` — ${item.rule}` : ''}`)
  }
  return {
    mode: ctx.config.secretsCheck,
    presets,
    detected: ctx.checklist.detected,
    file: ctx.checklist.file,
    items,
    failed: items.some(itemFails)
  }
}
