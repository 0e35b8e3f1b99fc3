/**
 * The run record: everything the stages found, and everything the report shows. Stages fill it in;
 * the renderer and the outputs read it. It never holds a value of a Railway variable.
 */

export type RunResult = 'success' | 'failure' | 'skipped' | 'cancelled'
export type Verdict = 'passed' | 'failed' | 'skipped' | 'cancelled'
export type Stage = 'check' | 'deploy' | 'wait' | 'health' | 'report'

/** ok, missing, empty, placeholder, invalid (a rule broken), warning (a broken rule of severity warn). */
export type VariableState = 'ok' | 'missing' | 'empty' | 'placeholder' | 'invalid' | 'warning'

export interface ChecklistItem {
  /** The variable's canonical name (the rule's key). */
  name: string
  /** The name actually found in Railway, when it was an alias. */
  foundAs?: string
  state: VariableState
  /** Which rule failed, in words: "shorter than 50 characters". Never the value. */
  rule?: string
  /** How to fix it. */
  hint?: string
  /** Which preset or file the rule came from. */
  source: string
  severity: 'error' | 'warn'
}

export interface ChecklistResult {
  mode: 'error' | 'warn' | 'off'
  presets: string[]
  /** Why each preset was chosen (stack: auto), e.g. "django: manage.py found". */
  detected: string[]
  /** The checklist file read, if any. */
  file?: string
  items: ChecklistItem[]
  /** True when an error-severity item is not ok. */
  failed: boolean
}

export interface TimelineEntry {
  status: string
  /** ISO time the action saw the status (or Railway's statusUpdatedAt when given). */
  at: string
  /** How long the deployment stayed in this status; undefined for the last one. */
  durationMs?: number
}

export interface DeploymentRecord {
  id: string
  status: string
  commitSha?: string
  dashboardUrl?: string
  /** How the deployment came to be: api, cli, watch. */
  mode: string
  timeline: TimelineEntry[]
  /** How the end was noticed: "subscription" or "polling". */
  followedBy?: string
  /** Set when a newer deployment replaced ours. */
  supersededBy?: string
  rolledBackTo?: string
}

export interface ProbeRecord {
  at: string
  /** HTTP status, or undefined when the request failed before a status. */
  status?: number
  latencyMs: number
  ok: boolean
  /** What the probe found: "200, version matched", "ECONNREFUSED", "version old123 answered". */
  detail: string
}

export interface HealthRecord {
  verdict: 'passed' | 'failed' | 'skipped'
  url?: string
  /** Why the verdict: "2 consecutive passes", "health-url: none", "no domain: stability rule". */
  reason: string
  probes: ProbeRecord[]
  /** From the deployment's SUCCESS to the gate passing. */
  timeToHealthyMs?: number
  /** Which checks held on the last probe. */
  lastChecks?: { status?: boolean; body?: boolean; version?: boolean }
  /** Total probes, kept even when `probes` is trimmed for size. */
  totalProbes: number
}

export interface LogTail {
  kind: 'build' | 'deploy'
  lines: string[]
  /** Lines dropped from the top to keep the tail. */
  truncated: boolean
}

export interface ServiceRecord {
  name: string
  id: string
  verdict: Verdict
  failedStage?: Stage
  /** One sentence: what happened and, on failure, how to fix it. */
  message: string
  url?: string
  checklist?: ChecklistResult
  deployment?: DeploymentRecord
  health?: HealthRecord
  logs: LogTail[]
}

export interface RunRecord {
  result: RunResult
  /** The sticky comment's key (marker). */
  key: string
  /**
   * The key from the inputs alone, used until Railway names the environment. A comment a run left under
   * it (failing before Railway answered) is taken over by the next run instead of staying beside it.
   */
  provisionalKey?: string
  commitSha: string
  project?: { id: string; name: string }
  environment?: { id: string; name: string }
  deployMode: string
  startedAt: string
  finishedAt?: string
  services: ServiceRecord[]
  /** A failure before or outside any service (bad inputs, bad token). */
  error?: string
  /** Things the reader should know that are not failures (skipped comment, missing permission). */
  notes: string[]
  runUrl?: string
}

/** The overall result from the services' verdicts. */
export function resultOf(services: ServiceRecord[]): RunResult {
  if (services.some((s) => s.verdict === 'failed')) return 'failure'
  if (services.some((s) => s.verdict === 'cancelled')) return 'cancelled'
  if (services.length > 0 && services.every((s) => s.verdict === 'skipped')) return 'skipped'
  return 'success'
}
