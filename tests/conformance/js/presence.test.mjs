// Presence, presence stats and join/leave.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT, closeAll, connectedClient, fromWire, newSub, subscribed, uid, userToken,
} from './helpers.mjs';

afterEach(closeAll);

test('presence and presence_stats from the client', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('pres')}`;
  const a = await connectedClient({ user: uid('alice') });
  const b = await connectedClient({ user: uid('bob') });
  const sa = await subscribed(a.client, channel);
  await subscribed(b.client, channel);

  const p = fromWire(await sa.sub.presence());
  assert.deepEqual(Object.keys(p.clients).sort(), [a.connected.client, b.connected.client].sort());
  assert.equal(p.clients[a.connected.client].user, a.user);
  assert.equal(p.clients[a.connected.client].client, a.connected.client);
  assert.equal(p.clients[b.connected.client].user, b.user);

  const viaClient = fromWire(await a.client.presence(channel));
  assert.deepEqual(Object.keys(viaClient.clients).sort(), Object.keys(p.clients).sort());

  const stats = await sa.sub.presenceStats();
  assert.deepEqual(stats, { numClients: 2, numUsers: 2 });
});

test('presence carries conn_info from the token info claim', { timeout: TEST_TIMEOUT }, async () => {
  const channel = uid('presinfo');
  const user = uid('carol');
  const info = { name: 'Carol', role: 'tester' };
  const a = await connectedClient({ user, token: userToken(user, { info }) });
  const sa = await subscribed(a.client, channel);
  const p = fromWire(await sa.sub.presence());
  const me = p.clients[a.connected.client];
  assert.ok(me, `own client missing from presence: ${JSON.stringify(p)}`);
  assert.equal(me.user, user);
  assert.deepEqual(me.connInfo, info);
});

test('presence stats count unique users', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('stats')}`;
  const user = uid('same');
  const a = await connectedClient({ user });
  const b = await connectedClient({ user });
  const sa = await subscribed(a.client, channel);
  await subscribed(b.client, channel);
  assert.deepEqual(await sa.sub.presenceStats(), { numClients: 2, numUsers: 1 });
});

test('presence without being subscribed is denied with 103 (allow_presence_for_subscriber)', { timeout: TEST_TIMEOUT }, async () => {
  const a = await connectedClient();
  await assert.rejects(a.client.presence(`chat:${uid('x')}`), (e) => e.code === 103 && e.message === 'permission denied');
  await assert.rejects(a.client.presenceStats(`chat:${uid('x')}`), (e) => e.code === 103);
});

test('presence on a namespace without presence is 108 "not available"', { timeout: TEST_TIMEOUT }, async () => {
  const a = await connectedClient();
  const channel = `nohist:${uid('x')}`;
  const s = await subscribed(a.client, channel);
  await assert.rejects(s.sub.presence(), (e) => e.code === 108 && e.message === 'not available');
});

test('join and leave are seen by another subscriber', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('jl')}`;
  const a = await connectedClient({ user: uid('alice') });
  const sa = await subscribed(a.client, channel);

  const b = await connectedClient({ user: uid('bob') });
  const { sub: subB } = newSub(b.client, channel);
  subB.subscribe();

  const join = await sa.rec.wait('join', { filter: (j) => j.info.user === b.user });
  assert.equal(join.channel, channel);
  assert.equal(join.info.client, b.connected.client);

  subB.unsubscribe();
  const leave = await sa.rec.wait('leave', { filter: (l) => l.info.user === b.user });
  assert.equal(leave.channel, channel);
  assert.equal(leave.info.client, b.connected.client);
});

test('leave is sent when a subscriber disconnects', { timeout: TEST_TIMEOUT }, async () => {
  const channel = uid('jl-disc'); // no namespace: same options
  const a = await connectedClient({ user: uid('alice') });
  const sa = await subscribed(a.client, channel);
  const b = await connectedClient({ user: uid('bob') });
  await subscribed(b.client, channel);
  await sa.rec.wait('join', { filter: (j) => j.info.user === b.user });
  b.client.disconnect();
  const leave = await sa.rec.wait('leave', { filter: (l) => l.info.user === b.user });
  assert.equal(leave.info.client, b.connected.client);
});
