// Adds the Node.js entry points of scripts/guard-entries.mjs to the exports maps of the Effect line
// packages. Idempotent: a second run changes nothing.
//   node scripts/guard-exports.mjs                 (the 8 line packages)
//   node scripts/guard-exports.mjs <packageDir>... (those only)
//
// Every entry whose "default" is ./dist/<X>.js gets, right after "types" (so TypeScript and the
// "sutro-source" condition still come first):
//   "module": "./dist/<X>.js"       bundlers (esbuild, webpack, Rollup, Vite) match "module" and Node
//                                   never does: a bundle carries its own effect and needs no guard, and
//                                   the guard's top-level await would break a CommonJS bundle
//   "node": "./dist/node/<X>.js"    Node.js: the guarded entry
// Browsers and bundlers keep "default" or "module", both the unguarded ./dist/<X>.js.
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

const linePackages = ["effect3", "effect4"].flatMap((line) =>
  ["core", "client", "node", "browser"].map((name) => path.join(root, "packages", line, name))
)

const guarded = (conditions) => {
  const target = typeof conditions.default === "string" ? /^\.\/dist\/(.+)\.js$/.exec(conditions.default) : null
  if (target === null) return conditions
  const added = { module: `./dist/${target[1]}.js`, node: `./dist/node/${target[1]}.js` }
  const entries = Object.entries(conditions).filter(([condition]) => !(condition in added))
  const at = entries.findIndex(([condition]) => condition === "types")
  const before = at === -1 ? entries.findIndex(([condition]) => condition === "default") : at + 1
  return Object.fromEntries([...entries.slice(0, before), ...Object.entries(added), ...entries.slice(before)])
}

/** The exports map with the guarded Node.js entries. */
export const guardExports = (exports) =>
  Object.fromEntries(
    Object.entries(exports).map(([subpath, target]) => [
      subpath,
      target !== null && typeof target === "object" && !Array.isArray(target) ? guarded(target) : target
    ])
  )

/** Rewrites one package.json; returns whether it changed. */
export const writeGuardExports = (dir) => {
  const file = path.join(dir, "package.json")
  const text = fs.readFileSync(file, "utf8")
  const pkg = JSON.parse(text)
  const next = JSON.stringify({ ...pkg, exports: guardExports(pkg.exports) }, null, 2) + "\n"
  if (next === text) return false
  fs.writeFileSync(file, next)
  return true
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => path.resolve(dir)) : linePackages
  for (const dir of dirs) writeGuardExports(dir)
}
