// Validates real rapport-server answers against docs/openapi.yaml with
// openapi-backend (installed by "npm ci --prefix tests/server"): it follows
// every $ref, responses included, and reads schemas as OpenAPI 3.0.3 does
// (`nullable` only widens a `type` beside it).
//
// Usage: node validate-responses.js SPEC ANSWERS
// ANSWERS is a JSON list of {operationId, status, body}; the output is a JSON
// list with, for each answer, the validator's problems (empty when it
// conforms). Exits 77 when openapi-backend is not installed.
'use strict';

const fs = require('fs');

let OpenAPIBackend;
let yaml;
try {
  ({ OpenAPIBackend } = require('openapi-backend'));
  yaml = require('js-yaml');
} catch (error) {
  console.error('openapi-backend is not installed: run npm ci --prefix tests/server');
  process.exit(77);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main () {
  const [specPath, answersPath] = process.argv.slice(2);
  const api = new OpenAPIBackend({
    definition: yaml.load(fs.readFileSync(specPath, 'utf8')),
    strict: true,
    quick: false,
    // The formats the description uses that Ajv does not know by itself.
    customizeAjv: (ajv) => {
      ajv.addFormat('uuid', UUID);
      ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
      ajv.addFormat('uri', (text) => { try { return Boolean(new URL(text)); } catch { return false; } });
      return ajv;
    },
  });
  await api.init();

  const answers = JSON.parse(fs.readFileSync(answersPath, 'utf8'));
  const problems = answers.map(({ operationId, status, body }) => {
    const result = api.validator.validateResponse(body, operationId, status);
    return result.valid ? [] : (result.errors || []).map(
      (e) => `${e.instancePath || '$'} ${e.message} (${e.schemaPath})`);
  });
  process.stdout.write(JSON.stringify(problems));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
