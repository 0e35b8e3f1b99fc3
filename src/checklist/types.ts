/** A checklist rule for one variable, after presets and files are merged. Field names follow SPEC.md. */
export interface Rule {
  /** Default true; an optional variable is checked only when it is set. */
  required: boolean
  /** Other names that satisfy the rule (any one). */
  aliases: string[]
  equals?: string
  oneOf?: string[]
  pattern?: string
  minLength?: number
  /** Allowed URL schemes, e.g. ['postgres', 'postgresql']. */
  url?: string[]
  /** Forbidden values, as globs (`django-insecure-*`). */
  not?: string[]
  severity: 'error' | 'warn'
  /** Why the rule exists, shown when it breaks. */
  reason?: string
  hint?: string
  /** Whether the value is a secret (placeholder detection applies). Default: true. */
  secret?: boolean
  /**
   * Presets only (no file key): the variable names a path that must lie on the service's volume. When the
   * service has a volume the variable is required and must be its mount path or a folder under it; without
   * a volume it is optional.
   */
  onVolume?: boolean
}

/** A rule with where it came from ("preset django", ".github/railway-checklist.yml"). */
export interface SourcedRule extends Rule {
  source: string
}

export type Checklist = Record<string, SourcedRule>

export function rule(partial: Partial<Rule> & { hint?: string }): Rule {
  return { required: true, aliases: [], severity: 'error', ...partial }
}

/** What the evaluation knows about the service besides its variables. */
export interface ServiceFacts {
  /**
   * The service's volume mount path in this environment: a path when it has a volume, null when it has
   * none, undefined when that could not be learned (rules that depend on it are then only checked if set).
   */
  volumeMountPath?: string | null
}
