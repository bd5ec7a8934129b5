// Shared helpers for the centrifuge-js conformance suite.
//
// The suite never starts a server: it talks to the one named by CENTRI_URL and
// fails (never skips) when that variable is missing.
import crypto from 'node:crypto';
import { Centrifuge as CentrifugeJson } from 'centrifuge';
import { Centrifuge as CentrifugeProtobuf } from 'centrifuge/build/protobuf';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';

/**
 * Client protocol of every SDK client the suite creates: CENTRI_PROTOCOL=json (default) or
 * protobuf. In protobuf mode clients come from centrifuge-js's protobuf build (binary frames,
 * WebSocket subprotocol `centrifuge-protobuf`) and payloads cross the SDK as bytes: tests pass
 * data through enc() and read SDK results through fromWire(); the Recorder decodes events.
 * Raw-socket tests (rawSocket(), protocol.test.mjs) always speak JSON.
 */
export const PROTOCOL = process.env.CENTRI_PROTOCOL || 'json';
if (PROTOCOL !== 'json' && PROTOCOL !== 'protobuf') {
  throw new Error(`CENTRI_PROTOCOL must be "json" or "protobuf", not ${JSON.stringify(PROTOCOL)}`);
}
const Centrifuge = PROTOCOL === 'protobuf' ? CentrifugeProtobuf : CentrifugeJson;
const PROTOBUF = PROTOCOL === 'protobuf';

/**
 * Transport of every SDK client the suite creates: CENTRI_TRANSPORT=websocket (default),
 * http_stream or sse. The emulation transports are selected with centrifuge-js's transport
 * list (`[{transport, endpoint}]`) and send their later commands to `emulationEndpoint`
 * (POST /emulation). http_stream uses Node's global fetch and ReadableStream; sse needs an
 * EventSource, which Node 20 lacks: it comes from the `eventsource` package. SSE carries JSON
 * only, so sse with CENTRI_PROTOCOL=protobuf is refused. Raw-socket tests (rawSocket(),
 * protocol.test.mjs) stay on the JSON WebSocket wire in every mode.
 */
export const TRANSPORT = process.env.CENTRI_TRANSPORT || 'websocket';
if (!['websocket', 'http_stream', 'sse'].includes(TRANSPORT)) {
  throw new Error(
    `CENTRI_TRANSPORT must be "websocket", "http_stream" or "sse", not ${JSON.stringify(TRANSPORT)}`);
}
if (TRANSPORT === 'sse' && PROTOBUF) {
  throw new Error(
    'CENTRI_TRANSPORT=sse cannot run with CENTRI_PROTOCOL=protobuf: the SSE transport is JSON only ' +
    '(use CENTRI_TRANSPORT=http_stream or websocket for protobuf)');
}
const EMULATION = TRANSPORT !== 'websocket';

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
    httpStreamUrl: `${base}/connection/http_stream`,
    sseUrl: `${base}/connection/sse`,
    emulationUrl: `${base}/emulation`,
    // CENTRI_API_URL: server API calls go to another node of the same cluster (the Redis
    // engine runs the map suite with the SDK on one node and the API on another)
    apiUrl: `${(process.env.CENTRI_API_URL || base).replace(/\/+$/, '')}/api`,
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

/**
 * Payload for the SDK (publish, rpc, send, connect/subscription data): the value itself in
 * JSON mode, its JSON text as UTF-8 bytes in protobuf mode.
 */
export function enc(value) {
  return PROTOBUF ? new TextEncoder().encode(JSON.stringify(value)) : value;
}

/**
 * Payload from the SDK back to a value. Protobuf mode: bytes hold JSON text (no bytes, as
 * protobuf sends for an absent field, is undefined); anything but bytes is an error, so a
 * client that silently spoke JSON fails. JSON mode: the value itself, and bytes are an error.
 */
export function dec(data) {
  if (data === undefined || data === null) return data;
  const bytes = data instanceof Uint8Array;
  if (PROTOBUF) {
    if (!bytes) throw new Error(`protobuf mode: the SDK gave a non-binary payload: ${safeJson(data)}`);
    return data.length === 0 ? undefined : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  }
  if (bytes) throw new Error(`json mode: the SDK gave a binary payload (${data.length} bytes)`);
  return data;
}

function decInfo(info) {
  if (!info) return info;
  const out = PROTOBUF ? { ...info } : info;
  for (const k of ['connInfo', 'chanInfo']) {
    if (!(k in info)) continue;
    const v = dec(info[k]);
    if (!PROTOBUF) continue;
    if (v === undefined) delete out[k]; else out[k] = v;
  }
  return out;
}

/**
 * An SDK event context or method result with its payloads decoded (dec): `data`,
 * `info.connInfo`/`info.chanInfo`, the publications of a history result and the clients of a
 * presence result. JSON mode returns the same object, after checking that nothing is binary.
 */
export function fromWire(x) {
  if (!x || typeof x !== 'object') return x;
  const out = PROTOBUF ? { ...x } : x;
  const set = (k, v) => { if (PROTOBUF) out[k] = v; };
  if ('data' in x) set('data', dec(x.data));
  if (x.info) set('info', decInfo(x.info));
  if (Array.isArray(x.publications)) set('publications', x.publications.map(fromWire));
  if (x.clients && typeof x.clients === 'object') {
    const clients = {};
    for (const [id, c] of Object.entries(x.clients)) clients[id] = decInfo(c);
    set('clients', clients);
  }
  return out;
}

/** HS256 JWT signed with node:crypto. */
export function signToken(claims, secret = env().secret) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
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
 * event that may already have fired. Waits are bounded. Contexts are recorded
 * through fromWire(), so payloads read the same in both protocols; a payload that
 * cannot be decoded fails every later wait instead of throwing into the SDK.
 */
export class Recorder {
  constructor(emitter, events, label) {
    this.label = label;
    this.log = {};
    this.order = [];
    this.checks = new Set();
    this.decodeErrors = [];
    for (const e of events) {
      this.log[e] = [];
      emitter.on(e, (ctx) => {
        let entry = ctx;
        try {
          entry = fromWire(ctx);
        } catch (err) {
          this.decodeErrors.push(`'${e}': ${err.message}`);
        }
        this.log[e].push(entry);
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
        if (this.decodeErrors.length > 0) {
          finish();
          reject(new Error(`${this.label}: undecodable event payload(s): ${this.decodeErrors.join('; ')}`));
          return true;
        }
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
  const client = new Centrifuge(endpointOf(TRANSPORT), {
    websocket: WebSocket,
    eventsource: EventSource,
    emulationEndpoint: env().emulationUrl,
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

/**
 * What centrifuge-js's constructor takes for `transport`: the WebSocket URL, or a one-entry
 * transport list for an emulation transport (no fallback, so a failing transport fails the test).
 */
function endpointOf(transport) {
  switch (transport) {
    case 'websocket': return env().wsUrl;
    case 'http_stream': return [{ transport, endpoint: env().httpStreamUrl }];
    case 'sse': return [{ transport, endpoint: env().sseUrl }];
    default: throw new Error(`unknown transport ${transport}`);
  }
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

/** WebSocket class that records every frame the SDK sends, as sent (read them with commandsOf). */
export function recordingWebSocket(frames) {
  return class RecordingWebSocket extends WebSocket {
    send(data, ...rest) {
      frames.push(data);
      return super.send(data, ...rest);
    }
  };
}

/**
 * SDK options that record every batch of commands the client sends, as sent, into `frames`
 * (read them with commandsOf), in every transport mode:
 * - websocket: each frame (recordingWebSocket);
 * - http_stream: the body of the stream request (POST /connection/http_stream: the connect
 *   command), then the `data` of each POST /emulation;
 * - sse: the `cf_connect` query parameter of the EventSource URL (the connect command), then
 *   the `data` of each POST /emulation.
 * Emulation transports send the connect command alone in the stream request and every later
 * command through /emulation, so batching differs from a WebSocket's first frame.
 */
export function recordingTransport(frames) {
  if (TRANSPORT === 'websocket') return { websocket: recordingWebSocket(frames) };
  const recordingFetch = (url, init = {}) => {
    const target = new URL(String(url));
    if (target.pathname === '/emulation') {
      frames.push(emulationData(init.body));
    } else if (target.pathname === '/connection/http_stream') {
      frames.push(init.body);
    }
    return fetch(url, init);
  };
  const opts = { fetch: recordingFetch };
  if (TRANSPORT === 'sse') {
    opts.eventsource = class RecordingEventSource extends EventSource {
      constructor(url, init) {
        frames.push(new URL(url).searchParams.get('cf_connect'));
        super(url, init);
      }
    };
  }
  return opts;
}

/** The commands of a POST /emulation body: `data` of its JSON form or of its protobuf EmulationRequest (field 3). */
function emulationData(body) {
  if (!PROTOBUF) {
    const req = JSON.parse(body);
    if (typeof req.session !== 'string' || !req.session) {
      throw new Error(`emulation request without a session: ${body}`);
    }
    return req.data;
  }
  if (!(body instanceof Uint8Array)) throw new Error(`protobuf mode: a non-binary emulation request: ${String(body)}`);
  const f = protoFields(body);
  if (!f[2]) throw new Error('protobuf emulation request without a session (field 2)');
  return f[3] ? f[3][0] : new Uint8Array(0);
}

/**
 * The commands of one frame the SDK sent. JSON mode: a text frame of newline-separated JSON
 * commands, returned as parsed. Protobuf mode: a binary frame of varint-length-delimited
 * Command messages (client.proto), returned in the JSON shape for the fields tests read:
 * id (1), connect (4: token 1, name 4), subscribe (5: channel 1). The other way round is an error.
 */
export function commandsOf(frame) {
  const binary = frame instanceof Uint8Array || frame instanceof ArrayBuffer;
  if (!PROTOBUF) {
    if (binary) throw new Error(`json mode: the SDK sent a binary frame (${frame.byteLength} bytes)`);
    return String(frame).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
  if (!binary) throw new Error(`protobuf mode: the SDK sent a text frame: ${String(frame)}`);
  const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : frame;
  const str = (b) => new TextDecoder('utf-8', { fatal: true }).decode(b);
  const commands = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [len, start] = readVarint(bytes, pos);
    pos = start + len;
    if (pos > bytes.length) throw new Error('protobuf frame: a Command runs past the end of the frame');
    const f = protoFields(bytes.subarray(start, pos));
    const cmd = {};
    if (f[1]) cmd.id = f[1][0];
    if (f[4]) {
      const c = protoFields(f[4][0]);
      cmd.connect = {};
      if (c[1]) cmd.connect.token = str(c[1][0]);
      if (c[4]) cmd.connect.name = str(c[4][0]);
    }
    if (f[5]) {
      const sub = protoFields(f[5][0]);
      cmd.subscribe = { channel: sub[1] ? str(sub[1][0]) : '' };
    }
    commands.push(cmd);
  }
  return commands;
}

function readVarint(bytes, pos) {
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.length) throw new Error('protobuf frame: truncated varint');
    const b = bytes[pos++];
    v += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [v, pos];
  }
  throw new Error('protobuf frame: varint too long');
}

/** Protobuf message fields: field number → list of values (numbers for varints, bytes for length-delimited). */
function protoFields(bytes) {
  const fields = {};
  let pos = 0;
  while (pos < bytes.length) {
    let key;
    [key, pos] = readVarint(bytes, pos);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let v;
    if (wire === 0) {
      [v, pos] = readVarint(bytes, pos);
    } else if (wire === 2) {
      let len;
      [len, pos] = readVarint(bytes, pos);
      v = bytes.subarray(pos, pos + len);
      pos += len;
    } else if (wire === 1) {
      v = bytes.subarray(pos, pos + 8); pos += 8;
    } else if (wire === 5) {
      v = bytes.subarray(pos, pos + 4); pos += 4;
    } else {
      throw new Error(`protobuf frame: unexpected wire type ${wire}`);
    }
    if (pos > bytes.length) throw new Error('protobuf frame: a field runs past the end of its message');
    (fields[field] ||= []).push(v);
  }
  return fields;
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
