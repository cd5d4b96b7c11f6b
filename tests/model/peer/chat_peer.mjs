// A loopback stand-in for an OpenAI-compatible chat-completions server (OpenAI, vLLM,
// llama.cpp's llama-server, Ollama), scripted per test. It checks every request as the public
// API reference describes it and answers a malformed one with 400 and an error object, as the
// real API does. No npm dependencies.
//
// Usage: node chat_peer.mjs  (prints "listening <port>" once it accepts connections)
// API:     POST /v1/chat/completions
// Control (not part of the API, under /__peer):
//   POST /__peer/reset                 forget the script, the key and the log
//   POST /__peer/script  [step, ...]   append replies; a request takes the first step whose
//                                      `match` (optional) occurs in its last user message:
//     {match, status, headers, content, body, delay_ms, usage}
//       content: the assistant message (a 200 completion); body: a raw response body instead;
//       status (default 200), headers, delay_ms (answer late: a hang), usage (token counts)
//   POST /__peer/config  {api_key}     require "Authorization: Bearer <api_key>" (401 otherwise)
//   GET  /__peer/requests              every request: path, body, authorization, verdict
import http from 'node:http';

let state;
function reset() {
  state = { script: [], log: [], apiKey: '', nextId: 1 };
}
reset();

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function apiError(res, status, message, type = 'invalid_request_error', param = null) {
  send(res, status, { error: { message, type, param, code: null } });
}

const kRoles = new Set(['system', 'user', 'assistant', 'developer', 'tool']);
const kKeys = new Set(['model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature',
  'top_p', 'seed', 'stream', 'response_format', 'n', 'stop', 'user']);

// The reason `body` is not a valid chat-completions request, or ''.
function invalid(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  for (const key of Object.keys(body)) {
    if (!kKeys.has(key)) return `Unrecognized request argument supplied: ${key}`;
  }
  if (typeof body.model !== 'string' || body.model === '') return "'model' is a required string";
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return "'messages' must be a non-empty array";
  }
  for (const [i, m] of body.messages.entries()) {
    if (m === null || typeof m !== 'object') return `messages[${i}] must be an object`;
    if (!kRoles.has(m.role)) return `messages[${i}].role must be one of ${[...kRoles].join(', ')}`;
    if (typeof m.content !== 'string') return `messages[${i}].content must be a string`;
    for (const key of Object.keys(m)) {
      if (!['role', 'content', 'name'].includes(key)) return `messages[${i}]: unknown key ${key}`;
    }
  }
  if (body.max_tokens !== undefined && !(Number.isInteger(body.max_tokens) && body.max_tokens > 0)) {
    return "'max_tokens' must be a positive integer";
  }
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' ||
      body.temperature < 0 || body.temperature > 2)) {
    return "'temperature' must be a number from 0 to 2";
  }
  if (body.seed !== undefined && !Number.isInteger(body.seed)) return "'seed' must be an integer";
  if (body.stream !== undefined && body.stream !== false) return 'this peer does not stream';
  if (body.response_format !== undefined) {
    const rf = body.response_format;
    if (rf === null || typeof rf !== 'object') return "'response_format' must be an object";
    if (!['text', 'json_object', 'json_schema'].includes(rf.type)) {
      return "'response_format.type' must be text, json_object or json_schema";
    }
    if (rf.type === 'json_schema') {
      const js = rf.json_schema;
      if (js === null || typeof js !== 'object') return "'response_format.json_schema' is required";
      if (typeof js.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(js.name)) {
        return "'response_format.json_schema.name' must match ^[a-zA-Z0-9_-]{1,64}$";
      }
      if (js.schema === null || typeof js.schema !== 'object') {
        return "'response_format.json_schema.schema' must be an object";
      }
    }
    if (rf.type === 'json_object' &&
        !body.messages.some((m) => m.content.toLowerCase().includes('json'))) {
      return "'messages' must contain the word 'json' in some form to use 'response_format' of type 'json_object'";
    }
  }
  return '';
}

function lastUserMessage(body) {
  const users = body.messages.filter((m) => m.role === 'user');
  return users.length ? users[users.length - 1].content : '';
}

function takeStep(body) {
  const text = lastUserMessage(body);
  const i = state.script.findIndex((s) => s.match === undefined || text.includes(s.match));
  if (i < 0) return null;
  return state.script.splice(i, 1)[0];
}

function tokens(text) { return Math.max(1, Math.ceil(text.length / 4)); }

function completion(body, step) {
  const prompt = body.messages.map((m) => m.content).join('\n');
  const usage = step.usage || {
    prompt_tokens: tokens(prompt),
    completion_tokens: tokens(step.content),
  };
  if (usage.total_tokens === undefined) usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return {
    id: `chatcmpl-peer${state.nextId++}`,
    object: 'chat.completion',
    created: 1700000000,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: step.content }, finish_reason: 'stop' }],
    usage,
  };
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function chat(req, res) {
  const text = await readBody(req);
  const entry = { path: req.url, authorization: req.headers.authorization || '', body: null, verdict: '' };
  state.log.push(entry);
  if (!(req.headers['content-type'] || '').startsWith('application/json')) {
    entry.verdict = 'content-type';
    return apiError(res, 400, 'Content-Type must be application/json');
  }
  if (state.apiKey && entry.authorization !== `Bearer ${state.apiKey}`) {
    entry.verdict = 'unauthorized';
    return apiError(res, 401, 'Incorrect API key provided', 'invalid_request_error');
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    entry.verdict = 'not json';
    return apiError(res, 400, `We could not parse the JSON body of your request: ${e.message}`);
  }
  entry.body = body;
  const why = invalid(body);
  if (why) {
    entry.verdict = why;
    return apiError(res, 400, why);
  }
  const step = takeStep(body);
  if (!step) {
    entry.verdict = 'no scripted reply';
    return apiError(res, 409, 'chat peer: no scripted reply for this request', 'peer_error');
  }
  entry.verdict = 'ok';
  const answer = () => {
    if (res.destroyed) return;
    const status = step.status || 200;
    if (step.body !== undefined) return send(res, status, step.body, step.headers || {});
    if (status !== 200) {
      return send(res, status, { error: { message: step.message || `scripted ${status}`,
        type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } },
      step.headers || {});
    }
    return send(res, 200, completion(body, step), step.headers || {});
  };
  if (step.delay_ms) setTimeout(answer, step.delay_ms); else answer();
}

async function control(req, res, path) {
  const text = await readBody(req);
  const body = text ? JSON.parse(text) : null;
  if (req.method === 'POST' && path === '/__peer/reset') { reset(); return send(res, 200, {}); }
  if (req.method === 'POST' && path === '/__peer/script') {
    state.script.push(...(Array.isArray(body) ? body : [body]));
    return send(res, 200, { queued: state.script.length });
  }
  if (req.method === 'POST' && path === '/__peer/config') {
    state.apiKey = body.api_key || '';
    return send(res, 200, {});
  }
  if (req.method === 'GET' && path === '/__peer/requests') return send(res, 200, state.log);
  return send(res, 404, { error: 'unknown control endpoint' });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path.startsWith('/__peer/')) return control(req, res, path);
  if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
  return apiError(res, 404, `Unknown request URL: ${req.method} ${path}`, 'invalid_request_error');
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
