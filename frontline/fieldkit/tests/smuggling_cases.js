// Compare every case of the smuggling table with the browser code and print the results as JSON.
// Usage: node smuggling_cases.js CRITERIA.json CASES.json   (run by test_smuggling.py)
"use strict";
const fs = require("fs");
const path = require("path");
const { compare } = require(path.join(__dirname, "..", "static", "fieldkit", "smuggling.js"));

const criteria = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const table = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
process.stdout.write(JSON.stringify(table.cases.map((c) => compare(criteria, c.answers))));
