// Lighthouse's own choice of the representative run among several of one page
// (core/lib/median-run.js: the run nearest the median first paint and time to interactive).
// Usage: node benchmarks/median_run.mjs REPORT.json... ; prints the chosen report's index.
import {readFileSync} from "node:fs";
import {computeMedianRun} from "lighthouse/core/lib/median-run.js";

const runs = process.argv.slice(2).map((path) => JSON.parse(readFileSync(path, "utf8")));
process.stdout.write(`${runs.indexOf(computeMedianRun(runs))}\n`);
