// What a user of each line sees in our .d.ts: the line's own Effect types (Either, ParseError, Context.Tag on
// Effect 3; Result, SchemaError, Context.Service on Effect 4), never the names of the seam between the lines
// (docs/one-source.md). Reads the declarations `pnpm build` emitted (pnpm test builds before it runs the tests).
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Workspace from "../src/Workspace.js"

const packages = ["core", "client", "node", "browser"] as const

/** A declaration file without its comments (the JSDoc may name both lines' types). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")

/** Every public declaration file of a line's package: dist/*.d.ts, not dist/internal or the Node entries. */
const declarations = (line: "effect3" | "effect4", pkg: string): Record<string, string> => {
  const dist = path.join(Workspace.root, "packages", line, pkg, "dist")
  if (!fs.existsSync(dist)) throw new Error(`${path.relative(Workspace.root, dist)} is missing: run pnpm build first`)
  return Object.fromEntries(
    fs.readdirSync(dist).filter((name) => name.endsWith(".d.ts")).map((
      name
    ) => [`${line}/${pkg}/${name}`, fs.readFileSync(path.join(dist, name), "utf8")])
  )
}

describe("emitted declarations", () => {
  for (const line of ["effect3", "effect4"] as const) {
    for (const pkg of packages) {
      it(`${line}/${pkg}: no public declaration names the seam between the lines`, () => {
        const files = declarations(line, pkg)
        expect(Object.keys(files).length).toBeGreaterThan(0)
        for (const [file, text] of Object.entries(files)) {
          expect(text, file).not.toMatch(/internal\/compat/)
          expect(text, file).not.toMatch(/\/\/ @generated/)
        }
      })
    }
  }

  it("the Effect 3 line speaks Effect 3: Either, ParseError, Context.Tag", () => {
    const core = declarations("effect3", "core")
    expect(core["effect3/core/JobsPage.d.ts"]).toMatch(/effect\/Either"\)\.Either</)
    expect(core["effect3/core/JobsPage.d.ts"]).toMatch(/ParseError/)
    expect(declarations("effect3", "client")["effect3/client/SutroClient.d.ts"]).toMatch(
      /(Context|import\("effect\/Context"\))\.TagClass<SutroClient/
    )
    for (const pkg of packages) {
      for (const [file, text] of Object.entries(declarations("effect3", pkg))) {
        expect(code(text), file).not.toMatch(/effect\/Result"|SchemaError|Context\.Service/)
      }
    }
  })

  it("the Effect 4 line speaks Effect 4: Result, SchemaError, Context.Service", () => {
    const core = declarations("effect4", "core")
    expect(core["effect4/core/JobsPage.d.ts"]).toMatch(/Result</)
    expect(core["effect4/core/JobsPage.d.ts"]).toMatch(/SchemaError/)
    expect(declarations("effect4", "client")["effect4/client/SutroClient.d.ts"]).toMatch(
      /(Context|import\("effect\/Context"\))\.ServiceClass<SutroClient/
    )
    for (const pkg of packages) {
      for (const [file, text] of Object.entries(declarations("effect4", pkg))) {
        expect(code(text), file).not.toMatch(/effect\/Either"|ParseError|ParseResult|Context\.Tag\b/)
      }
    }
  })
})
