// SWC options for jest: the same transform the runtime register uses (.swcrc).
const fs = require('node:fs');
const path = require('node:path');
module.exports = { ...JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8')), swcrc: false };
