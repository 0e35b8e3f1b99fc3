import type { Scenario } from './base.ts'
import { CHECKLIST_SCENARIOS } from './checklist.ts'
import { SKELETON_SCENARIOS } from './skeleton.ts'

/**
 * Every named scenario. Each area keeps its own file (checklist, deploy, health, report) and adds it
 * here, so work on one area never edits another's scenarios.
 */
export * from './base.ts'

export const SCENARIOS: Record<string, Scenario> = {
  ...SKELETON_SCENARIOS,
  ...CHECKLIST_SCENARIOS
}

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS)
}
