// Shared helpers for the centrifuge-js conformance suite.
//
// The suite never starts a server: it talks to the one named by CENTRI_URL and
// fails (never skips) when that variable is missing.
import crypto from 'node:crypto';
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

/** Default bound for every wait on an event or reply (ms). */
export const WAIT_MS = 5000;
/** Per-test timeout passed to node:test (ms). */
export const TEST_TIMEOUT = 30000;

let cachedEnv = null;

/** Server coordinates from the environment. Throws when CENTRI_URL is unset. */
export function env() {
  if (cachedEnv) return cachedEnv;
  const raw = process.env.CENTRI_URL;
  if (!raw) {
    throw new Error(
      'CENTRI_URL is not set: export CENTRI_URL=http://127.0.0.1:PORT (plus CENTRI_API_KEY and ' +
      'CENTRI_HMAC_SECRET) pointing at a running centri started with tests/conformance/config.json. ' +
      'The conformance suite does not start the server and never skips.');
  }
  const base = raw.replace(/\/+$/, '');
  const u = new URL(base);
  const wsProto = u.protocol === 'https:' ? 'wss:' : 'ws:';
  cachedEnv = {
    httpUrl: base,
    wsUrl: `${wsProto}//${u.host}/connection/websocket`,
    apiUrl: `${base}/api`,
    apiKey: process.env.CENTRI_API_KEY || 'conformance-api-key',
    secret: process.env.CENTRI_HMAC_SECRET || 'conformance-secret',
  };
  return cachedEnv;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => Math.floor(Date.now() / 1000);

/** Unique name for users and channels, so tests never share state. */
export function uid(prefix = 'x') {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

/** HS256 JWT signed with node:crypto. */
export function signToken(claims, secret = env().secret) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  const sig = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}

/** Connection token for `user`, valid for an hour unless claims override exp. */
export function userToken(user, claims = {}) {
  return signToken({ sub: user, exp: now() + 3600, ...claims });
}

/** Raw POST to /api/<method>: returns { status, text, json }. */
export async function apiRaw(method, body, { apiKey = env().apiKey, headers = {} } = {}) {
  const h = { 'Content-Type': 'application/json', ...headers };
  if (apiKey !== null) h['X-API-Key'] = apiKey;
  const res = await fetch(`${env().apiUrl}/${method}`, {
    method: 'POST',
    headers: h,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, text, json };
}

/** POST /api/<method> and return its `result`; throws on HTTP or API errors. */
export async function api(method, body) {
  const { status, text, json } = await apiRaw(method, body);
  if (status !== 200) throw new Error(`server API ${method}: HTTP ${status}: ${text}`);
  if (!json || typeof json !== 'object') throw new Error(`server API ${method}: body is not JSON: ${text}`);
  if (json.error) {
    const e = new Error(`server API ${method}: error ${json.error.code} ${json.error.message}`);
    e.code = json.error.code;
    throw e;
  }
  if (!('result' in json)) throw new Error(`server API ${method}: no "result" in ${text}`);
  return json.result;
}

/**
 * Records every event of an emitter as it happens, so a test can wait for an
 * event that may already have fired. Waits are bounded.
 */
export class Recorder {
  constructor(emitter, events, label) {
    this.label = label;
    this.log = {};
    this.order = [];
    this.checks = new Set();
    for (const e of events) {
      this.log[e] = [];
      emitter.on(e, (ctx) => {
        this.log[e].push(ctx);
        this.order.push(e);
        for (const check of [...this.checks]) check();
      });
    }
  }

  count(e) { return this.log[e].length; }

  summary() {
    return this.order.slice(-20).join(', ');
  }

  /**
   * Wait until `n` events `e` (counted from index `after`) satisfy `filter`.
   * Resolves with the first match (or the first `n` matches when n > 1).
   */
  wait(e, { filter = () => true, after = 0, n = 1, timeout = WAIT_MS } = {}) {
    return new Promise((resolve, reject) => {
      let timer = null;
      const finish = () => { clearTimeout(timer); this.checks.delete(check); };
      const check = () => {
        const matches = this.log[e].slice(after).filter(filter);
        if (matches.length >= n) {
          finish();
          resolve(n === 1 ? matches[0] : matches.slice(0, n));
          return true;
        }
        return false;
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(
          `${this.label}: timed out after ${timeout} ms waiting for ${n} matching '${e}' event(s); ` +
          `'${e}' events seen: ${safeJson(this.log[e].slice(after))}; last events: [${this.summary()}]`));
      }, timeout);
      if (!check()) this.checks.add(check);
    });
  }
}

function safeJson(v) {
  try { return JSON.stringify(v); } catch { return String(v); }
}

const CLIENT_EVENTS = ['state', 'connecting', 'connected', 'disconnected', 'error', 'message',
  'subscribed', 'subscribing', 'unsubscribed', 'publication', 'join', 'leave'];
const SUB_EVENTS = ['state', 'subscribing', 'subscribed', 'unsubscribed', 'publication', 'join',
  'leave', 'error'];

const liveClients = new Set();

/**
 * New Centrifuge client (not connected yet) with an attached Recorder.
 * `token` defaults to a fresh token for `user`; pass token: '' for none.
 */
export function newClient({ user = uid('user'), token, opts = {} } = {}) {
  const client = new Centrifuge(env().wsUrl, {
    websocket: WebSocket,
    token: token === undefined ? userToken(user) : token,
    name: 'centri-conformance',
    minReconnectDelay: 100,
    maxReconnectDelay: 1000,
    timeout: 4000,
    ...opts,
  });
  const rec = new Recorder(client, CLIENT_EVENTS, `client(${user})`);
  liveClients.add(client);
  return { client, rec, user };
}

/** New client subscription with an attached Recorder. */
export function newSub(client, channel, opts = {}) {
  const sub = client.newSubscription(channel, opts);
  const rec = new Recorder(sub, SUB_EVENTS, `sub(${channel})`);
  return { sub, rec };
}

/** Connect a new client and wait until it is connected. */
export async function connectedClient(args = {}) {
  const c = newClient(args);
  c.client.connect();
  c.connected = await c.rec.wait('connected');
  return c;
}

/** Subscribe and wait for the subscribed event. */
export async function subscribed(client, channel, opts = {}) {
  const s = newSub(client, channel, opts);
  s.sub.subscribe();
  s.subscribed = await s.rec.wait('subscribed');
  return s;
}

/** Disconnect every client created by newClient (use in afterEach). */
export function closeAll() {
  for (const c of liveClients) {
    try { c.disconnect(); } catch { /* already closed */ }
  }
  liveClients.clear();
}

/** WebSocket class that records every frame the SDK sends. */
export function recordingWebSocket(frames) {
  return class RecordingWebSocket extends WebSocket {
    send(data, ...rest) {
      frames.push(String(data));
      return super.send(data, ...rest);
    }
  };
}

/**
 * Minimal raw protocol client for frames the SDKs do not surface (refresh push,
 * handshake replies). Answers server pings.
 */
export async function rawSocket() {
  const ws = new WebSocket(env().wsUrl);
  const messages = [];
  const checks = new Set();
  let closed = null;
  ws.on('message', (data) => {
    for (const line of String(data).split('\n')) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line);
      if (Object.keys(msg).length === 0) { // server ping
        ws.send('{}');
        continue;
      }
      messages.push(msg);
    }
    for (const c of [...checks]) c();
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
    for (const c of [...checks]) c();
  });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('raw websocket: open timeout')), WAIT_MS);
    ws.once('open', () => { clearTimeout(t); resolve(); });
    ws.once('error', (e) => { clearTimeout(t); reject(e); });
  });
  const waitFor = (pred, what, timeout = WAIT_MS) => new Promise((resolve, reject) => {
    let timer = null;
    const check = () => {
      const v = pred();
      if (v !== undefined && v !== null && v !== false) {
        clearTimeout(timer); checks.delete(check); resolve(v); return true;
      }
      return false;
    };
    timer = setTimeout(() => {
      checks.delete(check);
      reject(new Error(`raw websocket: timed out waiting for ${what}; got ${safeJson(messages)}; close: ${safeJson(closed)}`));
    }, timeout);
    if (!check()) checks.add(check);
  });
  return {
    ws,
    messages,
    send: (cmds) => ws.send(cmds.map((c) => JSON.stringify(c)).join('\n')),
    reply: (id, timeout) => waitFor(() => messages.find((m) => m.id === id), `reply id=${id}`, timeout),
    push: (pred, what, timeout) => waitFor(() => messages.find((m) => m.push && pred(m.push)), what, timeout),
    closed: (timeout) => waitFor(() => closed, 'close', timeout),
    close: () => { try { ws.close(); } catch { /* ignore */ } },
  };
}
