import type { Scenario } from './base.ts'
import { DEPLOY_SCENARIOS } from './deploy.ts'
import { REPORT_SCENARIOS } from './report.ts'
import { CHECKLIST_SCENARIOS } from './checklist.ts'
import { SKELETON_SCENARIOS } from './skeleton.ts'
import { HEALTH_SCENARIOS } from './health.ts'

/**
 * Every named scenario. Each area keeps its own file (checklist, deploy, health, report) and adds it
 * here, so work on one area never edits another's scenarios.
 */
export * from './base.ts'

export const SCENARIOS: Record<string, Scenario> = {
  ...SKELETON_SCENARIOS,
  ...DEPLOY_SCENARIOS,
  ...REPORT_SCENARIOS,
  ...HEALTH_SCENARIOS,
  ...CHECKLIST_SCENARIOS
}

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS)
}
