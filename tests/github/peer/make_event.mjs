// Writes a webhook payload for the tests, generated from GitHub's published webhook schemas
// (@octokit/webhooks-schemas): every required property the schema names, with the smallest
// value its type, enum or format allows, then set to the test's pull request and commits and
// validated against the same schema with ajv, so no field is made up by hand.
//
// Usage: node make_event.mjs pull_request ACTION NUMBER HEAD_SHA BASE_SHA OUT.json
//        node make_event.mjs workflow_run ACTION NUMBER HEAD_SHA - OUT.json
//        (NUMBER 0 for workflow_run: a run for a fork's pull request, whose list is empty)
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const schema = require('@octokit/webhooks-schemas');

const [event, action, numberText, headSha, baseSha, out] = process.argv.slice(2);
const name = `${event}$${action}`;
if (!schema.definitions[name]) {
  console.error(`no webhook schema named ${name}`);
  process.exit(2);
}

function resolve(node) {
  while (node && node.$ref) node = schema.definitions[node.$ref.replace('#/definitions/', '')];
  return node;
}

const formats = {
  'date-time': '2024-01-01T00:00:00Z', uri: 'https://example.com/', 'uri-template': 'https://example.com/{id}',
  email: 'octocat@example.com',
};

// The smallest instance of `node` that satisfies it: required properties only, the first enum
// value, null where null is allowed.
function instance(node, depth = 0) {
  node = resolve(node);
  if (depth > 40) throw new Error('schema too deep');
  if (node.allOf) {
    const parts = node.allOf.map((p) => instance(p, depth + 1));
    return Object.assign({}, ...parts.filter((p) => p && typeof p === 'object'));
  }
  if (node.oneOf || node.anyOf) {
    const branches = (node.oneOf || node.anyOf).map(resolve);
    const nullable = branches.find((b) => b.type === 'null');
    return nullable ? null : instance(branches[0], depth + 1);
  }
  if (node.const !== undefined) return node.const;
  if (node.enum) return node.enum.includes(null) ? null : node.enum[0];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('null')) return null;
  switch (types[0]) {
    case 'object': {
      const object = {};
      for (const key of node.required || []) {
        object[key] = instance((node.properties || {})[key] || {}, depth + 1);
      }
      return object;
    }
    case 'array': return [];
    case 'integer': case 'number': return node.minimum ?? 1;
    case 'boolean': return false;
    case 'string': return formats[node.format] ?? (node.pattern ? '0000000000000000000000000000000000000000' : 'x');
    default: return {};
  }
}

const payload = instance(schema.definitions[name]);
const number = Number(numberText);
if (event === 'pull_request') {
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.sha = headSha;
  payload.pull_request.base.sha = baseSha;
} else if (event === 'workflow_run') {
  payload.workflow_run.head_sha = headSha;
  payload.workflow_run.pull_requests = [];
  if (number > 0) {
    const pr = instance(resolve(schema.definitions['workflow-run']).properties.pull_requests.items);
    pr.number = number;
    pr.head.sha = headSha;
    payload.workflow_run.pull_requests.push(pr);
  }
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('uri-template', true);  // ajv-formats' RFC 6570 check rejects GitHub's own templates
const validate = ajv.compile({ ...schema.definitions[name], definitions: schema.definitions });
if (!validate(payload)) {
  console.error(`the generated ${name} payload does not match its schema: ` +
    JSON.stringify(validate.errors.slice(0, 5)));
  process.exit(1);
}
fs.writeFileSync(out, JSON.stringify(payload, null, 2) + '\n');
