// Writes the Node.js entry points of the Effect line packages: for each public module (src/<Module>.ts),
// dist/node/<Module>.js, which the "node" condition of the package's exports map points at (see
// scripts/guard-exports.mjs). Run after `tsc -b tsconfig.build.json`:
//   node scripts/guard-entries.mjs                 (the 8 line packages)
//   node scripts/guard-entries.mjs <packageDir>... (those only)
//
// Why: a project that installs one line with the other Effect major dies at link time, before any of
// our code runs, with `Cannot find module .../effect/dist/Either.js` (ESM resolves the whole static
// import graph first, so a guard imported first cannot help). An entry here statically imports only
// dist/node/guard.js (Effect-free: @sutro-effect/protocol/Major and node:module), which checks the
// installed effect and Node.js and throws one line naming the fix; only then does it load the real
// module with a top-level `await import("../<Module>.js")` and re-export its names.
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import ts from "typescript"

// Tests that build part of the tree run this while other processes load the entries: a file that is
// already right is left alone, and a new one appears whole (written aside, then renamed).
const writeIfChanged = (file, text) => {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, text)
  fs.renameSync(temp, file)
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/** The packages of both Effect lines. */
export const linePackages = ["effect3", "effect4"].flatMap((line) =>
  ["core", "client", "node", "browser"].map((name) => path.join(root, "packages", line, name))
)

const reserved = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await").split(" ")
)

const hasModifier = (node, kind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind)

const bindingNames = (name, into) => {
  if (ts.isIdentifier(name)) into.add(name.text)
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into)
}

/**
 * The names a built ES module exports, read from its statements (tsc output: types are erased), following
 * `export * from "./relative.js"`.
 */
export const exportedNames = (file) => {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS
  )
  const names = new Set()
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue
      const clause = statement.exportClause
      if (clause === undefined) {
        const specifier = statement.moduleSpecifier.text
        if (!specifier.startsWith(".")) {
          throw new Error(`${file}: \`export * from "${specifier}"\` hides its names; re-export them by name`)
        }
        for (const name of exportedNames(path.resolve(path.dirname(file), specifier))) {
          if (name !== "default") names.add(name)
        }
      } else if (ts.isNamespaceExport(clause)) {
        names.add(clause.name.text)
      } else {
        for (const element of clause.elements) if (!element.isTypeOnly) names.add(element.name.text)
      }
    } else if (ts.isExportAssignment(statement)) {
      names.add("default")
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) names.add("default")
      else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name, names)
      } else if (statement.name !== undefined && ts.isIdentifier(statement.name)) names.add(statement.name.text)
    }
  }
  return [...names].sort()
}

/** What the guard checks, from package.json: the Effect major of `peerDependencies.effect`, `engines.node`. */
export const lineOf = (pkg) => {
  const effect = /\d+/.exec(pkg.peerDependencies?.effect ?? "")
  if (effect === null || (effect[0] !== "3" && effect[0] !== "4")) {
    throw new Error(`${pkg.name}: peerDependencies.effect must name Effect 3 or 4, got ${pkg.peerDependencies?.effect}`)
  }
  const line = { packageName: pkg.name, packageVersion: pkg.version, effectMajor: Number(effect[0]) }
  const engine = pkg.engines?.node
  if (engine === undefined) return line
  const min = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(engine)
  if (min === null) throw new Error(`${pkg.name}: engines.node must read ">=x.y.z", got ${engine}`)
  return { ...line, minNode: `${min[1]}.${min[2] ?? 0}.${min[3] ?? 0}` }
}

const header = "// Generated by scripts/guard-entries.mjs from package.json and the built dist/: do not edit.\n"

const guardModule = (line) =>
  header +
  `// Imported first by every module of dist/node/ (the "node" condition of the exports map): it checks the
// installed effect and Node.js before the real module graph is linked, which would otherwise fail deep in
// Effect (\`Cannot find module .../effect/dist/Either.js\`) with no word of the fix.
import { problem } from "@sutro-effect/protocol/Major"
import { createRequire } from "node:module"

const effectVersion = () => {
  try {
    // The effect that this package's own imports resolve to; both majors export ./package.json.
    return createRequire(import.meta.url)("effect/package.json").version
  } catch (error) {
    // None installed: say so. Unreadable for another reason: no version, so no verdict on effect.
    return error?.code === "MODULE_NOT_FOUND" ? undefined : "unreadable"
  }
}

const message = problem(${JSON.stringify(line)}, {
  effectVersion: effectVersion(),
  nodeVersion: globalThis.process?.versions?.node
})
if (message !== undefined) {
  const error = new Error(message)
  // Node prints an uncaught error's stack: make it the message alone, one line, no loader frames.
  error.stack = message
  throw error
}
`

const entryModule = (module, names) => {
  for (const name of names) {
    if (name !== "default" && (!/^[A-Za-z_$][\w$]*$/.test(name) || reserved.has(name))) {
      throw new Error(`${module}: cannot re-export the name ${JSON.stringify(name)}`)
    }
  }
  const named = names.filter((name) => name !== "default")
  const load = `await import("../${module}.js")`
  const lines = [header + `import "./guard.js"`, ""]
  if (names.includes("default")) {
    lines.push(`const module = ${load}`, ...(named.length > 0 ? [`export const { ${named.join(", ")} } = module`] : []))
    lines.push("export default module.default")
  } else if (named.length > 0) {
    lines.push(`export const { ${named.join(", ")} } = ${load}`)
  } else {
    lines.push(`${load}`, "export {}")
  }
  return lines.join("\n") + "\n"
}

/** Writes dist/node/ of one package (replacing it); returns the modules and their names. */
export const writeGuardEntries = (dir) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
  const line = lineOf(pkg)
  const modules = fs.readdirSync(path.join(dir, "src"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -3))
    .sort()
  const out = path.join(dir, "dist", "node")
  const entries = modules.map((module) => {
    const built = path.join(dir, "dist", `${module}.js`)
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: run tsc -b tsconfig.build.json first`)
    return { module, names: exportedNames(built) }
  })
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  writeIfChanged(path.join(out, "guard.js"), guardModule(line))
  for (const { module, names } of entries) writeIfChanged(path.join(out, `${module}.js`), entryModule(module, names))
  return { line, entries }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => path.resolve(dir)) : linePackages
  for (const dir of dirs) writeGuardEntries(dir)
}
