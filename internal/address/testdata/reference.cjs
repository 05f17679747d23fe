// Writes reference.json: addresses formatted by the JavaScript reference
// implementation (@fragaria/address-formatter), for every country of the
// embedded data, so the Go renderer is compared with it case by case.
// Run by scripts/gen-address-formats: node reference.cjs PACKAGE_DIR FORMATS_JSON OUT
'use strict';
const fs = require('fs');
const path = require('path');
const [pkgDir, formatsPath, out] = process.argv.slice(2);
const formatter = require(path.resolve(pkgDir, 'dist/cjs/address-formatter.js'));
const format = (formatter.default || formatter).format;
const data = JSON.parse(fs.readFileSync(formatsPath, 'utf8'));

// Invented addresses, one full, one without road and postcode (the
// fallback template), one with a district and a county.
function cases (a2) {
  const states = data.state_codes[a2] || [];
  const counties = data.county_codes[a2] || [];
  const state = states.length ? states[states.length >> 1][1] : 'North Province';
  const county = counties.length ? counties[counties.length >> 1][1] : 'Lake County';
  return [
    [['house', 'Riverside House'], ['house_number', '12'], ['road', 'Station Road'], ['city', 'Exampleton'], ['state', state], ['postcode', '12345'], ['country', 'Examplia']],
    [['house_number', '7'], ['suburb', 'Old Town'], ['city', 'Exampleton'], ['county', county], ['state', state]],
    [['house', 'Flat 3, Mill Court'], ['house_number', '221B'], ['road', 'Baker Street'], ['quarter', 'Marylebone'], ['suburb', 'Marylebone'], ['city', 'London'], ['county', county], ['postcode', 'NW1 6XE']]
  ];
}

const results = [];
for (const a2 of Object.keys(data.countries).sort()) {
  for (const pairs of cases(a2)) {
    const input = {};
    for (const [k, v] of pairs) input[k] = v;
    results.push({ country: a2, components: pairs, want: format(input, { countryCode: a2 }) });
  }
}
fs.writeFileSync(out, JSON.stringify(results, null, 0).replace(/\},\{/g, '},\n{') + '\n');
