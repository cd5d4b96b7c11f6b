// A stateful loopback stand-in for the GitHub REST endpoints Nova's pull-request bot uses, for
// the cases Prism's mock cannot express: review comments that persist between requests, Link
// pagination, scripted rate limits and errors. Every request must match an operation of GitHub's
// OpenAPI description (@octokit/openapi) and every JSON body is validated against that
// operation's requestBody schema with ajv; a mismatch gets 422 as GitHub answers it.
//
// Usage: node stateful_peer.mjs  (prints "listening <port>" once it accepts connections)
// Control endpoints (not part of GitHub's API, under /__peer):
//   POST /__peer/reset                      forget comments, reviews, scripts and the log
//   POST /__peer/comments  [comment, ...]   seed existing review comments (GitHub's shape); one
//                          without a "user" is by the token's identity, as if posted earlier
//   POST /__peer/script    {method, route, status, headers, body}
//                          the next valid request to that operation gets this response instead
//   POST /__peer/config    {per_page_cap, token, head_sha, viewer}  (head_sha: the pull request's
//                          head; viewer: the login of a personal access token, which GET /user
//                          answers and which authors what the token posts; null, the default,
//                          is GitHub Actions' GITHUB_TOKEN: GET /user is 403, posts are by
//                          github-actions[bot])
//   GET  /__peer/requests  every request received: method, path, query, has_auth, body
import http from 'node:http';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const specPath = require.resolve('@octokit/openapi/generated/api.github.com.json');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(spec, 'github');

// Path templates as regular expressions, most literal segments first so that
// /pulls/comments/{id} wins over /pulls/{pull_number}/...
const routes = Object.keys(spec.paths).map((template) => {
  const names = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n) => {
    names.push(n);
    return '([^/]+)';
  });
  return { template, names, regex: new RegExp('^' + pattern + '$'), literal: names.length };
}).sort((a, b) => a.literal - b.literal);

function matchRoute(method, path) {
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const op = spec.paths[route.template][method.toLowerCase()];
    if (!op) continue;
    const params = {};
    route.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
    return { template: route.template, op, params };
  }
  return null;
}

const validators = new Map();
function bodyValidator(template, method) {
  const key = method + ' ' + template;
  if (!validators.has(key)) {
    const pointer = '/paths/' + template.replace(/~/g, '~0').replace(/\//g, '~1') + '/' +
      method.toLowerCase() + '/requestBody/content/application~1json/schema';
    validators.set(key, ajv.compile({ $ref: 'github#' + pointer }));
  }
  return validators.get(key);
}

let state;
function reset() {
  state = { comments: [], reviews: [], scripts: [], log: [], nextId: 1000, perPageCap: 100, token: '',
    headSha: '0000000000000000000000000000000000000000', viewer: null };
}
reset();

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

// Who the token acts as: GitHub Actions' bot, or the user a personal access token belongs to.
function tokenUser() {
  return state.viewer === null ? { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
    : { login: state.viewer, id: 583231, type: 'User' };
}

function storedComment(fields) {
  return {
    id: state.nextId++, node_id: 'PRRC_' + state.nextId, user: tokenUser(),
    created_at: new Date().toISOString(), updated_at: new Date().toISOString(), ...fields,
  };
}

function handleGitHub(req, res, url, route, body) {
  const { template, params } = route;
  const method = req.method;
  const base = `/repos/{owner}/{repo}/pulls/{pull_number}`;
  if (method === 'GET' && template === '/user') {
    if (state.viewer === null) {
      // What GitHub answers an installation token, such as GITHUB_TOKEN.
      return send(res, 403, { message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403' });
    }
    return send(res, 200, { ...tokenUser(), node_id: 'U_1', site_admin: false });
  }
  if (method === 'GET' && template === base) {
    return send(res, 200, { number: Number(params.pull_number), state: 'open',
      head: { sha: state.headSha, ref: 'feature' }, base: { ref: 'main' } });
  }
  if (method === 'GET' && template === base + '/comments') {
    const perPage = Math.min(Number(url.searchParams.get('per_page') || 30), state.perPageCap);
    const page = Number(url.searchParams.get('page') || 1);
    const items = state.comments.slice((page - 1) * perPage, page * perPage);
    const headers = {};
    const pages = Math.max(1, Math.ceil(state.comments.length / perPage));
    if (page < pages) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      next.searchParams.set('per_page', String(perPage));
      const last = new URL(next);
      last.searchParams.set('page', String(pages));
      headers.link = `<${next}>; rel="next", <${last}>; rel="last"`;
    }
    return send(res, 200, items, headers);
  }
  if (method === 'POST' && template === base + '/reviews') {
    const review = { id: state.nextId++, user: tokenUser(), body: body.body || '', state: 'COMMENTED',
      commit_id: body.commit_id, submitted_at: new Date().toISOString() };
    state.reviews.push(review);
    for (const c of body.comments || []) {
      state.comments.push(storedComment({ pull_request_review_id: review.id, commit_id: body.commit_id,
        path: c.path, line: c.line, side: c.side, start_line: c.start_line ?? null, body: c.body }));
    }
    return send(res, 200, review);
  }
  if (method === 'POST' && template === base + '/comments/{comment_id}/replies') {
    const parent = state.comments.find((c) => String(c.id) === params.comment_id);
    if (!parent) {
      return send(res, 404, { message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/pulls/comments#create-a-reply-for-a-review-comment' });
    }
    const reply = storedComment({ path: parent.path, line: parent.line, in_reply_to_id: parent.id,
      commit_id: parent.commit_id, body: body.body });
    state.comments.push(reply);
    return send(res, 201, reply);
  }
  return send(res, 404, { message: 'Not Found (the stateful peer does not implement ' + template + ')' });
}

function handleControl(req, res, url, body) {
  if (url.pathname === '/__peer/reset') { reset(); return send(res, 200, {}); }
  if (url.pathname === '/__peer/comments') {
    for (const c of body) state.comments.push(storedComment(c));
    return send(res, 200, state.comments);
  }
  if (url.pathname === '/__peer/script') { state.scripts.push(body); return send(res, 200, {}); }
  if (url.pathname === '/__peer/config') {
    if (body.per_page_cap) state.perPageCap = body.per_page_cap;
    if (body.token !== undefined) state.token = body.token;
    if (body.head_sha !== undefined) state.headSha = body.head_sha;
    if (body.viewer !== undefined) state.viewer = body.viewer;
    return send(res, 200, {});
  }
  if (url.pathname === '/__peer/requests') return send(res, 200, state.log);
  if (url.pathname === '/__peer/state') return send(res, 200, { comments: state.comments, reviews: state.reviews });
  return send(res, 404, { message: 'unknown control endpoint' });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body;
    if (raw.length > 0) {
      try { body = JSON.parse(raw); } catch {
        return send(res, 400, { message: 'Problems parsing JSON',
          documentation_url: 'https://docs.github.com/rest' });
      }
    }
    if (url.pathname.startsWith('/__peer/')) return handleControl(req, res, url, body);
    const auth = req.headers.authorization || '';
    state.log.push({ method: req.method, path: url.pathname, query: url.search,
      has_auth: auth.length > 0, body: body ?? null });
    if (state.token && auth !== 'Bearer ' + state.token) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const route = matchRoute(req.method, url.pathname);
    if (!route) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (route.op.requestBody) {
      const validate = bodyValidator(route.template, req.method);
      if (!validate(body)) {
        const details = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        return send(res, 422, { message: 'Invalid request.\n\n' + details,
          documentation_url: route.op.externalDocs?.url || 'https://docs.github.com/rest', status: '422' });
      }
    }
    const scripted = state.scripts.findIndex((s) => s.method === req.method && s.route === route.template);
    if (scripted >= 0) {
      const s = state.scripts.splice(scripted, 1)[0];
      return send(res, s.status, s.body, s.headers || {});
    }
    return handleGitHub(req, res, url, route, body);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
// Ends with its parent: the test closes stdin (or dies) and the peer goes too.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
