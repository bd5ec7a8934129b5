// Connection lifecycle: connect, bad/expired tokens, server-initiated disconnects.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT, TRANSPORT, api, closeAll, connectedClient, newClient, now, signToken, sleep, uid, userToken,
} from './helpers.mjs';

afterEach(closeAll);

test('connect: connected event carries a client id', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec } = newClient();
  client.connect();
  const ctx = await rec.wait('connected');
  assert.equal(typeof ctx.client, 'string');
  assert.ok(ctx.client.length > 0, 'client id must be non-empty');
  assert.equal(ctx.transport, TRANSPORT, 'the transport of CENTRI_TRANSPORT');
  assert.equal(client.state, 'connected');
  await client.ready(1000);
});

test('invalid token (bad signature): disconnected with 3500 "invalid token", no reconnect', { timeout: TEST_TIMEOUT }, async () => {
  const bad = signToken({ sub: uid('user'), exp: now() + 3600 }, 'not-the-conformance-secret');
  const { client, rec } = newClient({ token: bad });
  client.connect();
  const d = await rec.wait('disconnected');
  assert.equal(d.code, 3500);
  assert.equal(d.reason, 'invalid token');
  await sleep(1000);
  assert.equal(client.state, 'disconnected');
  assert.equal(rec.count('connected'), 0);
  assert.equal(rec.count('connecting'), 1, 'only the initial connecting event: no reconnect after 3500');
});

test('expired token: connect error 109, getToken called, then connected', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  let getTokenCalls = 0;
  const expired = signToken({ sub: user, exp: now() - 120 });
  const { client, rec } = newClient({
    user,
    token: expired,
    opts: { getToken: async () => { getTokenCalls++; return userToken(user); } },
  });
  client.connect();
  const err = await rec.wait('error', { filter: (e) => e.type === 'connect' });
  assert.equal(err.error.code, 109);
  assert.equal(err.error.message, 'token expired');
  const ctx = await rec.wait('connected');
  assert.ok(ctx.client);
  assert.equal(getTokenCalls, 1);
  assert.equal(rec.count('disconnected'), 0);
});

test('token with exp: connection stays usable and client schedules refresh (expires/ttl accepted)', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const { client, rec } = await connectedClient({ user, token: userToken(user, { exp: now() + 600 }) });
  // A bad ttl would make the SDK refresh immediately (and fail, no getToken): stay connected.
  await sleep(1000);
  assert.equal(client.state, 'connected');
  assert.equal(rec.count('error'), 0, `unexpected errors: ${JSON.stringify(rec.log.error)}`);
});

test('server disconnect with terminal code 4501: disconnected(4501, "bye"), no reconnect', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec, user } = await connectedClient();
  assert.deepEqual(await api('disconnect', { user, disconnect: { code: 4501, reason: 'bye' } }), {});
  const d = await rec.wait('disconnected');
  assert.equal(d.code, 4501);
  assert.equal(d.reason, 'bye');
  await sleep(1000);
  assert.equal(client.state, 'disconnected');
  assert.equal(rec.count('connecting'), 1, 'must not reconnect after a 45xx code');
  assert.equal(rec.count('connected'), 1);
});

test('server disconnect without disconnect object: default 3503 "force disconnect", no reconnect', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec, user } = await connectedClient();
  await api('disconnect', { user });
  const d = await rec.wait('disconnected');
  assert.equal(d.code, 3503);
  assert.equal(d.reason, 'force disconnect');
  await sleep(800);
  assert.equal(client.state, 'disconnected');
  assert.equal(rec.count('connecting'), 1);
});

test('server disconnect with reconnect code 4001: client reconnects with a new client id', { timeout: TEST_TIMEOUT }, async () => {
  const { rec, user, connected } = await connectedClient();
  await api('disconnect', { user, disconnect: { code: 4001, reason: 'come back' } });
  const c = await rec.wait('connecting', { after: 1 });
  assert.equal(c.code, 4001);
  assert.equal(c.reason, 'come back');
  const again = await rec.wait('connected', { after: 1 });
  assert.notEqual(again.client, connected.client, 'a new connection gets a new client id');
  assert.equal(rec.count('disconnected'), 0);
});

test('server disconnect with 3011 "force reconnect": client reconnects', { timeout: TEST_TIMEOUT }, async () => {
  const { rec, user } = await connectedClient();
  await api('disconnect', { user, disconnect: { code: 3011, reason: 'force reconnect' } });
  const c = await rec.wait('connecting', { after: 1 });
  assert.equal(c.code, 3011);
  assert.equal(c.reason, 'force reconnect');
  await rec.wait('connected', { after: 1 });
  assert.equal(rec.count('disconnected'), 0);
});

test('server disconnect by client id with whitelist only hits the targeted connection', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const a = await connectedClient({ user });
  const b = await connectedClient({ user });
  await api('disconnect', { user, whitelist: [a.connected.client], disconnect: { code: 4502, reason: 'not you' } });
  const d = await b.rec.wait('disconnected');
  assert.equal(d.code, 4502);
  await sleep(500);
  assert.equal(a.client.state, 'connected');
  assert.equal(a.rec.count('connecting'), 1);
});
