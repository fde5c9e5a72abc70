// Evaluate every case of a cases table with the browser evaluator and print the results as JSON.
// Usage: node screening_cases.js RULES.json CASES.json   (run by test_screening.py)
"use strict";
const fs = require("fs");
const path = require("path");
const { Screening } = require(path.join(__dirname, "..", "static", "fieldkit", "screening.js"));

const rules = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const table = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const engine = new Screening(rules, table.catalogue);
const results = table.cases.map((c) => engine.evaluate(c.case));
process.stdout.write(JSON.stringify(results));
