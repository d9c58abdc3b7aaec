// Every TypeScript example in README.md, docs/*.md and packages/*/README.md is a copy of a file that
// `pnpm check` type-checks and the other tests of this package run. A copy that drifts from its file, an
// example without a file, or a barrel import from "effect" fails here.
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { examples, root } from "./helpers.js"

const guides = [
  "README.md",
  ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...fs.readdirSync(path.join(root, "packages"))
    .filter((p) => fs.existsSync(path.join(root, "packages", p, "README.md")))
    .map((p) => `packages/${p}/README.md`)
]

interface Block {
  readonly guide: string
  readonly line: number
  readonly lang: string
  readonly code: string
  /** The file named by the `<!-- example: path -->` line just before the fence, if any. */
  readonly example: string | undefined
}

const marker = /^<!-- example: (\S+) -->$/

const blocksOf = (guide: string): Array<Block> => {
  const lines = fs.readFileSync(path.join(root, guide), "utf8").split("\n")
  const blocks: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i])
    if (open === null) continue
    const end = lines.indexOf("```", i + 1)
    if (end < 0) throw new Error(`${guide}:${i + 1}: unclosed code block`)
    const example = i > 0 ? marker.exec(lines[i - 1])?.[1] : undefined
    blocks.push({ guide, line: i + 1, lang: open[1], code: lines.slice(i + 1, end).join("\n"), example })
    i = end
  }
  return blocks
}

const blocks = guides.flatMap(blocksOf)
const typescript = blocks.filter((block) => block.lang === "ts" || block.lang === "typescript")
const barrel = /from\s+["']effect["']/

describe("examples in the guides", () => {
  it("finds the guides and their TypeScript examples", () => {
    expect(guides).toContain("docs/client.md")
    expect(typescript.length).toBeGreaterThanOrEqual(8)
  })

  for (const block of typescript) {
    it(`${block.guide}:${block.line} is a copy of its example file`, () => {
      expect(
        block.example,
        `${block.guide}:${block.line}: put the example in packages/examples and precede the block with <!-- example: path -->`
      )
        .toBeDefined()
      const file = path.join(root, block.example!)
      expect(fs.existsSync(file), `${block.example} does not exist`).toBe(true)
      expect(block.code, `${block.guide}:${block.line} differs from ${block.example}`).toBe(
        fs.readFileSync(file, "utf8").trimEnd()
      )
    })
  }

  it("every marker precedes a TypeScript block", () => {
    for (const guide of guides) {
      const lines = fs.readFileSync(path.join(root, guide), "utf8").split("\n")
      lines.forEach((line, i) => {
        if (marker.test(line)) expect(lines[i + 1], `${guide}:${i + 1}`).toMatch(/^```(ts|typescript)$/)
      })
    }
  })

  it("every example file of packages/examples/src is shown in a guide", () => {
    const shown = new Set(typescript.map((block) => block.example))
    const files = fs.readdirSync(path.join(examples, "src")).map((f) => `packages/examples/src/${f}`)
    expect(files.filter((file) => !shown.has(file))).toEqual([])
  })

  it("no example imports the effect barrel (deep imports keep bundles small: docs/benchmarks.md)", () => {
    expect(typescript.filter((block) => barrel.test(block.code)).map((block) => `${block.guide}:${block.line}`))
      .toEqual([])
  })
})

describe("examples in the JSDoc", () => {
  const modules = fs.readdirSync(path.join(root, "packages")).flatMap((pkg) => {
    const src = path.join(root, "packages", pkg, "src")
    return fs.existsSync(src) && pkg !== "examples"
      ? fs.readdirSync(src).filter((f) => f.endsWith(".ts")).map((f) => path.join("packages", pkg, "src", f))
      : []
  })

  it("every code block in a doc comment is an @example (so pnpm run docs type-checks it), with deep imports", () => {
    const problems: Array<string> = []
    for (const module of modules) {
      const lines = fs.readFileSync(path.join(root, module), "utf8").split("\n")
      let inExample = false
      let inCode = false
      lines.forEach((line, i) => {
        const text = line.replace(/^\s*\*\s?/, "")
        if (/^\s*\/\*\*/.test(line) || /^\s*\*\//.test(line)) inExample = false
        if (/^@\w+/.test(text)) inExample = text.startsWith("@example")
        if (text.startsWith("```")) {
          inCode = !inCode
          if (inCode && !inExample) problems.push(`${module}:${i + 1}: code outside an @example`)
        } else if (inCode && barrel.test(text)) {
          problems.push(`${module}:${i + 1}: barrel import from "effect"`)
        }
      })
    }
    expect(problems).toEqual([])
  })
})
