/**
 * Turns the report's GitHub Markdown into something a terminal shows well: headings bold, verdicts
 * coloured, HTML and escapes gone, code fences indented. Colours only when asked (a TTY without
 * NO_COLOR); otherwise the same text, plain.
 */

export interface Paint {
  bold(text: string): string
  dim(text: string): string
  green(text: string): string
  red(text: string): string
  yellow(text: string): string
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
const same = (text: string) => text

export function paint(enabled: boolean): Paint {
  if (!enabled) return { bold: same, dim: same, green: same, red: same, yellow: same }
  return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39) }
}

/** Colours follow the terminal: on when stdout is a TTY, off with NO_COLOR or when piped. */
export function wantsColor(isTty: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag === false) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true
  return isTty
}

/** Undoes the renderer's escaping of inline text: a terminal shows characters, not Markdown. */
function unescape(text: string): string {
  return text
    .replace(/\\([\\`*[\]~|])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
}

function inlineStyle(line: string, p: Paint): string {
  return unescape(
    line
      .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_m, text: string, url: string) => `${text} (${url})`)
      .replace(/\*\*([^*]+)\*\*/g, (_m, text: string) => p.bold(text))
      .replace(/<\/?sub>/g, '')
  )
}

function verdictColor(line: string, p: Paint): string {
  if (line.includes('❌')) return p.red(line)
  if (line.includes('✅')) return p.green(line)
  if (line.includes('⚠️')) return p.yellow(line)
  return line
}

export function markdownToTerminal(markdown: string, p: Paint): string {
  const out: string[] = []
  let fence: string | undefined
  for (const raw of markdown.split('\n')) {
    if (fence !== undefined) {
      if (raw === fence) fence = undefined
      else out.push(p.dim(`    ${raw}`))
      continue
    }
    const opening = /^(`{3,})\w*$/.exec(raw)
    if (opening) {
      fence = opening[1]
      continue
    }
    if (/^<!--.*-->$/.test(raw) || raw === '</details>' || raw === '<details>') continue
    const summary = /^<details[^>]*><summary>(.*)<\/summary>$/.exec(raw)
    if (summary) {
      out.push(p.bold(`▸ ${unescape(summary[1])}`))
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw)
    if (heading) {
      const text = inlineStyle(heading[2], p)
      out.push(verdictColor(p.bold(text), p))
      continue
    }
    out.push(verdictColor(inlineStyle(raw, p), p))
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n'
}
