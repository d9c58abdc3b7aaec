import effectPlugin from "@effect/eslint-plugin"
import * as fs from "node:fs"
import tseslint from "typescript-eslint"

// The Effect 3 copies of the shared files are linted at home (packages/effect4; scripts/one-source.mjs).
const generated = JSON.parse(fs.readFileSync(new URL("./one-source.json", import.meta.url), "utf8")).shared
  .map((file) => `packages/effect3/${file}`)

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/build/**", "**/node_modules/**", "**/*.md", "**/coverage/**", ...generated]
  },
  ...tseslint.configs.recommended,
  ...effectPlugin.configs.dprint,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "warn",
      "@effect/dprint": [
        "error",
        {
          config: {
            indentWidth: 2,
            lineWidth: 120,
            semiColons: "asi",
            quoteStyle: "alwaysDouble",
            trailingCommas: "never",
            operatorPosition: "maintain",
            "arrowFunction.useParentheses": "force"
          }
        }
      ]
    }
  }
)
