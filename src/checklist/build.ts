import type { Config } from '../config/inputs.js'
import type { RepoReader } from '../deps.js'
import { GateError } from '../errors.js'
import { detectStack } from './detect.js'
import { parseChecklist, type ChecklistFile, type RuleOverride } from './parse.js'
import { PRESETS, PRESET_NAMES, sortPresets } from './presets.js'
import { closest, didYouMean } from '../suggest.js'
import { rule, type Checklist, type Rule, type SourcedRule } from './types.js'

/** The checklist one service is held to, and the presets it came from. */
export interface ServiceChecklist {
  presets: string[]
  checklist: Checklist
}

/** Everything the check stage needs, built once per run (shown in the report). */
export interface BuiltChecklist {
  /** Presets for every service: the `stack` input (or what `auto` detected) plus the file's `extends`. */
  presets: string[]
  /** Why each preset was chosen (stack: auto), e.g. "django: manage.py found". */
  detected: string[]
  /** The checklist file read, if any. */
  file?: string
  /** Rules for every service. */
  common: Checklist
  /** Services the file's `services:` section names, by lower-case name. */
  perService: Record<string, ServiceChecklist & { name: string }>
}

/**
 * Two presets that check the same variable (phoenix and postgres both check DATABASE_URL): the first
 * one's constraints win (frameworks come before integrations and are more specific), but the variable is
 * required when either says so, and any name either accepts is accepted.
 */
function combine(first: SourcedRule, second: SourcedRule): SourcedRule {
  const merged: SourcedRule = { ...second, ...first }
  merged.required = first.required || second.required
  merged.aliases = [...new Set([...first.aliases, ...second.aliases])]
  merged.source = `${first.source}+${second.source.replace(/^preset /, '')}`
  return merged
}

export function presetChecklist(names: string[]): Checklist {
  const checklist: Checklist = {}
  for (const name of sortPresets(names)) {
    const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined
    if (!preset) {
      throw new GateError('config', `Unknown stack preset "${name}".${didYouMean(name, PRESET_NAMES)}`, {
        hint: `Use auto, none, or any of: ${PRESET_NAMES.join(', ')}.`
      })
    }
    for (const [variable, presetRule] of Object.entries(preset)) {
      const sourced: SourcedRule = { ...presetRule, source: `preset ${name}` }
      // Own keys only: a variable named `constructor` must not find Object.prototype's.
      checklist[variable] = Object.hasOwn(checklist, variable) ? combine(checklist[variable], sourced) : sourced
    }
  }
  return checklist
}

/** A file's rules over a checklist: key by key, so `SECRET_KEY: { min-length: 64 }` keeps the preset's aliases and hint. */
export function applyOverrides(base: Checklist, overrides: Record<string, RuleOverride>, source: string): Checklist {
  const out: Checklist = { ...base }
  for (const [name, override] of Object.entries(overrides)) {
    const start: Rule = Object.hasOwn(out, name) ? out[name] : rule({})
    out[name] = { ...start, ...override, source }
  }
  return out
}

/** Builds the checklists from presets and an already parsed file (pure; tests and examples use it). */
export function assembleChecklist(presets: string[], file?: ChecklistFile, detected: string[] = []): BuiltChecklist {
  const common = sortPresets([...presets, ...(file?.extends ?? [])])
  const perService: BuiltChecklist['perService'] = {}
  for (const [key, section] of Object.entries(file?.services ?? {})) {
    const servicePresets = sortPresets([...common, ...section.extends])
    let checklist = presetChecklist(servicePresets)
    if (file) checklist = applyOverrides(checklist, file.variables, file.file)
    perService[key] = {
      name: section.name,
      presets: servicePresets,
      checklist: applyOverrides(checklist, section.variables, `${file?.file} (services.${section.name})`)
    }
  }
  const base = presetChecklist(common)
  return {
    presets: common,
    detected,
    file: file?.file,
    common: file ? applyOverrides(base, file.variables, file.file) : base,
    perService
  }
}

/** Chooses presets (given or detected), reads the checklist file through the repo reader and merges them. */
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
  const text = await repo.read(config.checklistPath)
  if (text === undefined && config.checklistExplicit) {
    throw new GateError('config', `The checklist file ${config.checklistPath} does not exist (or is larger than the reader allows).`, {
      hint: 'Fix the `checklist:` path (relative to the repository root) or remove the input.'
    })
  }
  const file = text === undefined ? undefined : parseChecklist(text, config.checklistPath)
  return assembleChecklist(presets, file, detected)
}

/** The presets and rules for one service: the file's section for it when there is one, else the common ones. */
export function serviceChecklist(built: BuiltChecklist, serviceName: string): ServiceChecklist {
  const key = serviceName.toLowerCase()
  return Object.hasOwn(built.perService, key) ? built.perService[key] : { presets: built.presets, checklist: built.common }
}

/**
 * Sections of the file whose name is a near miss of a service in this run (`wokrer` for `worker`): their
 * rules would silently apply to nothing. Sections for services this run does not deploy are fine.
 */
export function misspelledSections(built: BuiltChecklist, serviceNames: string[]): Array<{ section: string; service: string }> {
  const known = new Set(serviceNames.map((n) => n.toLowerCase()))
  const out: Array<{ section: string; service: string }> = []
  for (const [key, section] of Object.entries(built.perService)) {
    if (known.has(key)) continue
    const service = closest(section.name, serviceNames)
    if (service) out.push({ section: section.name, service })
  }
  return out
}
