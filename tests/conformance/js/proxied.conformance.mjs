// Proxies: run only by tests/it/proxy_conformance.rs, which starts a real HTTP backend and a
// server whose connect, subscribe (namespace "px"), publish ("px") and rpc proxies point at it
// (the file name keeps it out of the default `node --test` run). The backend's contract:
// connect names the user given in the connect data ({"user": U}) and answers data
// {"hello": U} and info {"via": "proxy"}, or disconnects a user "denied" with 4501; subscribe
// refuses channels containing "denied" with error 1403 and gives others data {"welcome": CH};
// publish rewrites data to {"by_backend": true, "original": DATA}; rpc "echo" answers
// {"method", "echo", "user"} and rpc "fail" answers error 1500.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, closeAll, enc, fromWire, newClient, newSub, uid } from './helpers.mjs';

afterEach(closeAll);

async function proxiedClient(user) {
  const c = newClient({ user, token: '', opts: { data: enc({ user }) } });
  c.client.connect();
  c.connected = await c.rec.wait('connected');
  return c;
}

test('connect proxy: no token, the backend names the user and gives connect data', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('px');
  const { connected } = await proxiedClient(user);
  assert.ok(connected.client);
  assert.deepEqual(connected.data, { hello: user });
});

test('connect proxy: the backend disconnect closes with its code, no reconnect', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec } = newClient({ user: 'denied', token: '', opts: { data: enc({ user: 'denied' }) } });
  client.connect();
  const d = await rec.wait('disconnected');
  assert.equal(d.code, 4501);
  assert.equal(d.reason, 'denied by backend');
  assert.equal(rec.count('connected'), 0);
});

test('subscribe proxy: allowed with the backend data, denied with the backend error', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('px');
  const { client } = await proxiedClient(user);
  const ch = `px:${uid('room')}`;
  const ok = newSub(client, ch);
  ok.sub.subscribe();
  const ctx = await ok.rec.wait('subscribed');
  assert.deepEqual(ctx.data, { welcome: ch });
  const no = newSub(client, `px:denied-${uid('room')}`);
  no.sub.subscribe();
  const u = await no.rec.wait('unsubscribed');
  assert.equal(u.code, 1403);
  assert.equal(no.rec.count('subscribed'), 0);
});

test('publish proxy: the backend rewrites the data, with the proxied user and info', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('px');
  const { client } = await proxiedClient(user);
  const ch = `px:${uid('chat')}`;
  const s = newSub(client, ch);
  s.sub.subscribe();
  await s.rec.wait('subscribed');
  await s.sub.publish(enc({ n: 1 }));
  const p = await s.rec.wait('publication');
  assert.deepEqual(p.data, { by_backend: true, original: { n: 1 } });
  assert.equal(p.info.user, user);
  assert.deepEqual(p.info.connInfo, { via: 'proxy' });
});

test('rpc proxy: the backend answers, and its error reaches the caller', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('px');
  const { client } = await proxiedClient(user);
  const r = fromWire(await client.rpc('echo', enc({ x: 1 })));
  assert.deepEqual(r.data, { method: 'echo', echo: { x: 1 }, user });
  await assert.rejects(client.rpc('fail', enc({})), (e) => e.code === 1500 && e.message === 'rpc failed');
});
