/**
 * Reads what a user copies from a README: the code blocks of a section, the install commands.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category models
 */
export interface CodeBlock {
  readonly lang: string
  readonly code: string
}

/**
 * The text of the section whose heading is `heading` (any level), up to the next heading of the same
 * or a higher level. Fails when there is no such section.
 *
 * @since 0.1.0
 * @category parsing
 */
export const section = (markdown: string, heading: string): string => {
  const lines = markdown.split("\n")
  let fenced = false
  let start = -1
  let level = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith("```")) fenced = !fenced
    if (fenced) continue
    const match = /^(#+)\s+(.*?)\s*$/.exec(line)
    if (match === null) continue
    if (start >= 0 && match[1]!.length <= level) return lines.slice(start, i).join("\n")
    if (start < 0 && match[2] === heading) {
      start = i + 1
      level = match[1]!.length
    }
  }
  if (start < 0) throw new Error(`no section "${heading}"`)
  return lines.slice(start).join("\n")
}

/**
 * The fenced code blocks of a text, in order.
 *
 * @since 0.1.0
 * @category parsing
 */
export const codeBlocks = (markdown: string): ReadonlyArray<CodeBlock> => {
  const blocks: Array<CodeBlock> = []
  const pattern = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```\s*$/gm
  for (const match of markdown.matchAll(pattern)) blocks.push({ lang: match[1]!, code: match[2]! })
  return blocks
}

/**
 * @since 0.1.0
 * @category models
 */
export type Manager = "npm" | "pnpm" | "yarn"

/**
 * @since 0.1.0
 * @category models
 */
export interface InstallCommand {
  readonly manager: Manager
  readonly line: string
  /** The packages named, with their version when one is given (`effect@3.22.4`). */
  readonly packages: ReadonlyArray<{ readonly name: string; readonly version: string | undefined }>
}

const installPattern = /^(npm|pnpm|yarn)\s+(?:install|i|add|global\s+add)\s/

/**
 * Every install command (`npm install ...`, `pnpm add ...`, `yarn add ...`) in the shell blocks of
 * a section: "Install" by default, or one of its subsections ("Effect 4 line", "Effect 3 line").
 *
 * @since 0.1.0
 * @category parsing
 */
export const installCommands = (markdown: string, heading = "Install"): ReadonlyArray<InstallCommand> =>
  codeBlocks(section(markdown, heading))
    .filter((block) => block.lang === "sh" || block.lang === "bash")
    .flatMap((block) => block.code.split("\n"))
    .map((line) => line.trim())
    .filter((line) => installPattern.test(line))
    .map((line) => ({
      manager: line.split(/\s+/)[0] as Manager,
      line,
      packages: line.split(/\s+/).slice(2).filter((word) => !word.startsWith("-") && word !== "add").map(
        (word) => {
          const at = word.lastIndexOf("@")
          return at > 0 ? { name: word.slice(0, at), version: word.slice(at + 1) } : { name: word, version: undefined }
        }
      )
    }))

/**
 * The first TypeScript block of a section.
 *
 * @since 0.1.0
 * @category parsing
 */
export const typescriptBlock = (markdown: string, heading: string): string => {
  const block = codeBlocks(section(markdown, heading)).find((block) =>
    block.lang === "ts" || block.lang === "typescript"
  )
  if (block === undefined) throw new Error(`no TypeScript block in the section "${heading}"`)
  return block.code
}

/**
 * Markdown link targets that leave the package on a registry page: relative paths that go up
 * (`../`), or into a folder that is not published with it.
 *
 * @since 0.1.0
 * @category parsing
 */
export const linksLeaving = (markdown: string, published: (relativePath: string) => boolean): ReadonlyArray<string> =>
  [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^(https?:|mailto:|#)/.test(target))
    .filter((target) => target.startsWith("../") || target.startsWith("/") || !published(target.split("#")[0]!))

/**
 * Whether a text has a section with this heading (any level).
 *
 * @since 0.2.0
 * @category parsing
 */
export const hasSection = (markdown: string, heading: string): boolean => {
  try {
    section(markdown, heading)
    return true
  } catch {
    return false
  }
}
