// Server-side subscriptions (server API subscribe/unsubscribe, token channels)
// and server API refresh.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, api, closeAll, connectedClient, newClient, now, sleep, uid, userToken } from './helpers.mjs';

afterEach(closeAll);

test('server API subscribe → subscribed event, publication on it, server API unsubscribe → unsubscribed', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec, user } = await connectedClient();
  const channel = `chat:${uid('ss')}`;

  assert.deepEqual(await api('subscribe', { user, channel, data: { welcome: true } }), {});
  const s = await rec.wait('subscribed', { filter: (c) => c.channel === channel });
  assert.equal(s.recoverable, true, 'chat has force_recovery');
  assert.equal(s.positioned, true);
  assert.deepEqual(s.data, { welcome: true });
  assert.ok(s.streamPosition && s.streamPosition.epoch, 'server-side recoverable subscription carries an epoch');

  const res = await api('publish', { channel, data: { to: 'server-side sub' } });
  const pub = await rec.wait('publication', { filter: (p) => p.channel === channel });
  assert.deepEqual(pub.data, { to: 'server-side sub' });
  assert.equal(pub.offset, res.offset);

  assert.deepEqual(await api('unsubscribe', { user, channel }), {});
  const u = await rec.wait('unsubscribed', { filter: (c) => c.channel === channel });
  assert.equal(u.channel, channel);
  assert.equal(client.state, 'connected');

  await api('publish', { channel, data: { after: 'unsubscribe' } });
  await sleep(500);
  assert.equal(rec.log.publication.filter((p) => p.channel === channel).length, 1);
});

test('server API subscribe targets one client of a user', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const a = await connectedClient({ user });
  const b = await connectedClient({ user });
  const channel = uid('ss-one');
  await api('subscribe', { user, channel, client: b.connected.client });
  await b.rec.wait('subscribed', { filter: (c) => c.channel === channel });
  await sleep(300);
  assert.equal(a.rec.log.subscribed.filter((c) => c.channel === channel).length, 0);
});

test('token channels claim: server-side subscription at connect', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const channel = `chat:${uid('tokch')}`;
  const { client, rec } = newClient({ user, token: userToken(user, { channels: [channel] }) });
  client.connect();
  await rec.wait('connected');
  const s = await rec.wait('subscribed', { filter: (c) => c.channel === channel });
  assert.equal(s.recoverable, true);
  await api('publish', { channel, data: { via: 'token channels' } });
  const pub = await rec.wait('publication', { filter: (p) => p.channel === channel });
  assert.deepEqual(pub.data, { via: 'token channels' });
});

test('server-side subscription receives join/leave of another subscriber', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('ssjl')}`;
  const a = await connectedClient({ user: uid('alice') });
  await api('subscribe', { user: a.user, channel });
  await a.rec.wait('subscribed', { filter: (c) => c.channel === channel });
  const b = await connectedClient({ user: uid('bob') });
  await api('subscribe', { user: b.user, channel });
  const join = await a.rec.wait('join', { filter: (j) => j.channel === channel && j.info.user === b.user });
  assert.equal(join.info.client, b.connected.client);
  await api('unsubscribe', { user: b.user, channel });
  const leave = await a.rec.wait('leave', { filter: (l) => l.channel === channel && l.info.user === b.user });
  assert.equal(leave.info.client, b.connected.client);
});

test('server API refresh with a new expire_at keeps the connection', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const { client, rec } = await connectedClient({ user, token: userToken(user, { exp: now() + 120 }) });
  assert.deepEqual(await api('refresh', { user, expire_at: now() + 3600 }), {});
  await sleep(800);
  assert.equal(client.state, 'connected');
  assert.equal(rec.count('connecting'), 1);
  assert.equal(rec.count('error'), 0, `unexpected errors: ${JSON.stringify(rec.log.error)}`);
});

test('server API refresh with expired:true closes with 3005 and the client reconnects', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('user');
  const { rec } = await connectedClient({ user, token: userToken(user, { exp: now() + 120 }) });
  await api('refresh', { user, expired: true });
  const c = await rec.wait('connecting', { after: 1 });
  assert.equal(c.code, 3005);
  assert.equal(c.reason, 'connection expired');
  await rec.wait('connected', { after: 1 });
});
