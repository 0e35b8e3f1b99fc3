import type { Config } from '../config/inputs.js'
import type { RepoReader } from '../deps.js'
import { GateError } from '../errors.js'
import { detectStack } from './detect.js'
import { PRESETS, PRESET_NAMES } from './presets.js'
import type { Checklist } from './types.js'

/** The checklist one service is held to, and how it was put together (shown in the report). */
export interface BuiltChecklist {
  presets: string[]
  detected: string[]
  file?: string
  /** Rules for every service. */
  common: Checklist
  /** Extra rules by service name (lower-case), from the file's `services:` section. */
  perService: Record<string, Checklist>
}

export function presetChecklist(names: string[]): Checklist {
  const checklist: Checklist = {}
  for (const name of names) {
    const preset = PRESETS[name]
    if (!preset) {
      throw new GateError('config', `Unknown stack preset "${name}".`, { hint: `Use auto, none, or any of: ${PRESET_NAMES.join(', ')}.` })
    }
    for (const [variable, rule] of Object.entries(preset)) checklist[variable] = { ...rule, source: `preset ${name}` }
  }
  return checklist
}

/** Chooses presets (given or detected) and merges them into one checklist. */
export async function buildChecklist(config: Config, repo: RepoReader): Promise<BuiltChecklist> {
  let presets: string[]
  let detected: string[] = []
  if (config.stack === 'auto') {
    const detection = await detectStack(repo)
    presets = detection.presets
    detected = detection.reasons
  } else {
    presets = config.stack
  }
  if (config.checklistExplicit && (await repo.read(config.checklistPath)) === undefined) {
    throw new GateError('config', `The checklist file ${config.checklistPath} does not exist.`, {
      hint: 'Fix the `checklist:` path (relative to the repository root) or remove the input.'
    })
  }
  return { presets, detected, common: presetChecklist(presets), perService: {} }
}

export function checklistFor(built: BuiltChecklist, serviceName: string): Checklist {
  return { ...built.common, ...(built.perService[serviceName.toLowerCase()] ?? {}) }
}
