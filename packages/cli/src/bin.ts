#!/usr/bin/env node
/**
 * The `sutro-jobs` executable. `pnpm build` bundles it into `dist/bin.js` and the program it imports,
 * with everything that imports, into `dist/sutro-jobs.js` (see `scripts/bundle.mjs`). `--help` and
 * `--version` are answered from text @effect/cli rendered at build time without reading the program;
 * everything else loads the command line parser.
 *
 * @since 0.1.0
 */
import * as Help from "./internal/help.js"

const text = Help.answer(process.argv.slice(2))
if (text !== undefined) process.stdout.write(text)
else (await import("./internal/main.js")).run()
