import type { HealthConfig } from '../src/config/inputs.js'

/** A health-gate config with the action's defaults (200, 2 passes, 2 s apart) and a 60 s deadline. */
export const healthConfig = (over: Partial<HealthConfig> = {}): HealthConfig => ({
  statuses: [{ min: 200, max: 200 }],
  successes: 2,
  intervalMs: 2_000,
  timeoutMs: 60_000,
  ...over
})
