// Map subscriptions (Centrifugo v6.7+): newMapSubscription's state pages, live updates, key expiry in ephemeral mode, client publish/remove, client_key, and recovery
// after a reconnect.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Recorder, TEST_TIMEOUT, api, closeAll, connectedClient, dec, enc, uid,
} from './helpers.mjs';

afterEach(closeAll);

const MAP_EVENTS = ['state', 'subscribing', 'subscribed', 'unsubscribed', 'error', 'sync', 'update'];

function mapSub(client, channel, opts = {}) {
  const sub = client.newMapSubscription(channel, opts);
  const rec = new Recorder(sub, MAP_EVENTS, `map(${channel})`);
  return { sub, rec };
}

const keysOf = (entries) => entries.map((e) => e.key).sort();

test('state then stream: sync with every key over several pages, then live updates', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `maps:${uid('room')}`;
  for (const k of ['a', 'b', 'c', 'd', 'e']) {
    await api('map_publish', { channel, key: k, data: { v: k } });
  }
  const { client } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  const subscribed = await rec.wait('subscribed');
  const sync = await rec.wait('sync');
  assert.deepEqual(keysOf(sync.entries), ['a', 'b', 'c', 'd', 'e']);
  const d = sync.entries.find((e) => e.key === 'd');
  // state entries are nested in the event: their data is decoded here (bytes in protobuf)
  assert.deepEqual(dec(d.data), { v: 'd' });
  assert.equal(subscribed.recoverable, true);

  await api('map_publish', { channel, key: 'f', data: { v: 'f' } });
  await api('map_remove', { channel, key: 'a' });
  const [set, removed] = await rec.wait('update', { n: 2 });
  assert.equal(set.key, 'f');
  assert.deepEqual(set.data, { v: 'f' });
  assert.equal(removed.key, 'a');
  assert.equal(removed.removed, true);
});

test('client publish and remove on a map, as a subscriber', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `maps:${uid('doc')}`;
  const { client } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  await rec.wait('subscribed');
  await sub.publish('cursor', enc({ x: 1, y: 2 }));
  const u = await rec.wait('update', { filter: (x) => x.key === 'cursor' });
  assert.deepEqual(u.data, { x: 1, y: 2 });
  const st = await api('map_read_state', { channel });
  assert.deepEqual(st.entries.map((e) => e.key), ['cursor']);
  await sub.remove('cursor');
  await rec.wait('update', { filter: (x) => x.key === 'cursor' && x.removed === true });
  assert.equal((await api('map_stats', { channel })).num_keys, 0);
});

test('ephemeral keys expire and subscribers see the removal; client_key is the user', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `lobby:${uid('lobby')}`;
  const { client, user } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  await rec.wait('subscribed');
  // the key the client names is replaced by its user id (map.client_key = user_id)
  await sub.publish('ignored', enc({ seat: 4 }));
  const set = await rec.wait('update', { filter: (x) => !x.removed });
  assert.equal(set.key, user);
  const gone = await rec.wait('update', { filter: (x) => x.removed === true, timeout: 5000 });
  assert.equal(gone.key, user);
});

test('a persistent map recovers after a reconnect: only the missed changes', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `maps:${uid('rec')}`;
  await api('map_publish', { channel, key: 'a', data: { n: 1 } });
  const { client, rec: crec } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  await rec.wait('sync');
  client.disconnect();
  await crec.wait('disconnected');
  await api('map_publish', { channel, key: 'a', data: { n: 2 } });
  await api('map_publish', { channel, key: 'b', data: { n: 1 } });
  const before = rec.count('subscribed');
  client.connect();
  const again = await rec.wait('subscribed', { after: before });
  assert.equal(again.recovered, true);
  const updates = await rec.wait('update', { n: 2 });
  assert.deepEqual(updates.map((u) => [u.key, u.data.n]), [['a', 2], ['b', 1]]);
  assert.equal(rec.count('sync'), 1, 'no full re-sync after a recovery');
});

test('a tags filter on a map: only matching keys in the state and the updates', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `maps:${uid('tf')}`;
  await api('map_publish', { channel, key: 'r1', data: { n: 1 }, tags: { team: 'red' } });
  await api('map_publish', { channel, key: 'b1', data: { n: 1 }, tags: { team: 'blue' } });
  const { client } = await connectedClient();
  const tagsFilter = { key: 'team', cmp: 'eq', val: 'red' };
  const { sub, rec } = mapSub(client, channel, { tagsFilter });
  sub.subscribe();
  const sync = await rec.wait('sync');
  assert.deepEqual(keysOf(sync.entries), ['r1']);
  await api('map_publish', { channel, key: 'b2', data: { n: 2 }, tags: { team: 'blue' } });
  await api('map_publish', { channel, key: 'r2', data: { n: 2 }, tags: { team: 'red' } });
  await api('map_remove', { channel, key: 'r1' });
  const ups = await rec.wait('update', { n: 2 });
  assert.deepEqual(ups.map((u) => [u.key, u.removed === true]), [['r2', false], ['r1', true]]);
  // and the blue ones never came: a marker after them arrives alone
  await api('map_publish', { channel, key: 'r3', data: { n: 3 }, tags: { team: 'red' } });
  await rec.wait('update', { filter: (u) => u.key === 'r3' });
  assert.deepEqual(rec.log.update.map((u) => u.key), ['r2', 'r1', 'r3']);
});

test('a stream subscription on a map channel is refused', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `maps:${uid('wrong')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  const rec = new Recorder(sub, ['subscribed', 'unsubscribed', 'error'], 'wrong');
  sub.subscribe();
  const u = await rec.wait('unsubscribed');
  assert.equal(u.code, 107);
  assert.equal(rec.count('subscribed'), 0);
});

test('map presence: map_clients lists the subscribers of a channel, map_users its users', { timeout: TEST_TIMEOUT }, async () => {
  const room = `room:${uid('r')}`;
  const watcher = await connectedClient();
  const clients = watcher.client.newMapClientsSubscription(`clients:${room}`);
  const crec = new Recorder(clients, MAP_EVENTS, `clients(${room})`);
  clients.subscribe();
  await crec.wait('subscribed');
  const users = watcher.client.newMapUsersSubscription(`users:${room}`);
  const urec = new Recorder(users, MAP_EVENTS, `users(${room})`);
  users.subscribe();
  await urec.wait('subscribed');

  // someone subscribes to the room: their client shows up with its info, their user too
  const member = await connectedClient();
  const s = member.client.newSubscription(room);
  s.subscribe();
  const joined = await crec.wait('update', { filter: (u) => u.key === member.connected.client && !u.removed });
  assert.equal(joined.info.user, member.user);
  assert.equal(joined.info.client, member.connected.client);
  await urec.wait('update', { filter: (u) => u.key === member.user && !u.removed });

  // a late subscriber gets the entries in its state
  const late = await connectedClient();
  const lateSub = late.client.newMapClientsSubscription(`clients:${room}`);
  const lrec = new Recorder(lateSub, MAP_EVENTS, 'late');
  lateSub.subscribe();
  const sync = await lrec.wait('sync');
  assert.ok(sync.entries.some((e) => e.key === member.connected.client), JSON.stringify(sync.entries));

  // they leave: the client entry goes at once, the user's when its TTL (2 s) passes
  s.unsubscribe();
  await crec.wait('update', { filter: (u) => u.key === member.connected.client && u.removed === true });
  assert.equal(urec.log.update.filter((u) => u.removed).length, 0);
  await urec.wait('update', { filter: (u) => u.key === member.user && u.removed === true, timeout: 6000 });
});

test('debounced client publishes: one publication per key each interval, the latest one', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `cursors:${uid('doc')}`;
  const { client } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  await rec.wait('subscribed');
  // 20 moves of one cursor in a burst (client_publish_debounce_interval = 300ms)
  for (let i = 1; i <= 20; i += 1) {
    await sub.publish('pos', enc({ i }));
  }
  await rec.wait('update', { filter: (u) => u.key === 'pos' && u.data.i === 20, timeout: 3000 });
  const { entries } = await api('map_read_stream', { channel, limit: 100 });
  // the first at once, then the latest at the end of the window: not 20
  assert.ok(entries.length >= 2 && entries.length <= 3, JSON.stringify(entries));
  assert.deepEqual(entries.at(-1).data, { i: 20 });
});

test('debounced publishes on a stream channel too', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `typing:${uid('t')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  sub.subscribe();
  await new Promise((resolve) => sub.once('subscribed', resolve));
  for (let i = 1; i <= 10; i += 1) {
    await sub.publish(enc({ i }));
  }
  await new Promise((r) => setTimeout(r, 800));
  const h = await api('history', { channel, limit: 100 });
  assert.ok(h.publications.length >= 2 && h.publications.length <= 3, JSON.stringify(h.publications));
  assert.deepEqual(h.publications.at(-1).data, { i: 10 });
});

test('map fossil deltas: each key changes as a delta against the value the client holds', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `dmaps:${uid('doc')}`;
  const text = 'lorem ipsum '.repeat(40);
  for (const k of ['a', 'b', 'c']) {
    await api('map_publish', { channel, key: k, data: { text, k, n: 1 } });
  }
  const { client } = await connectedClient();
  const { sub, rec } = mapSub(client, channel, { delta: 'fossil' });
  sub.subscribe();
  // three keys over two-entry state pages: every page's values decode
  const sync = await rec.wait('sync');
  assert.deepEqual(keysOf(sync.entries), ['a', 'b', 'c']);
  assert.deepEqual(dec(sync.entries.find((e) => e.key === 'b').data), { text, k: 'b', n: 1 });
  for (const n of [2, 3]) {
    await api('map_publish', { channel, key: 'a', data: { text, k: 'a', n } });
  }
  await api('map_publish', { channel, key: 'c', data: { text, k: 'c', n: 2 } });
  await api('map_remove', { channel, key: 'b' });
  await api('map_publish', { channel, key: 'b', data: { text, k: 'b', n: 9 } });
  const got = await rec.wait('update', { n: 5 });
  assert.deepEqual(got.map((u) => [u.key, u.removed ? 'removed' : u.data.n]),
    [['a', 2], ['a', 3], ['c', 2], ['b', 'removed'], ['b', 9]]);
  for (const u of got.filter((x) => !x.removed)) assert.equal(u.data.text, text);
  // the SDK's own count: changes of a key it held came as deltas (a, a, c), the re-added b whole
  assert.equal(sub._deltaNumDelta, 3);
});

test('map fossil deltas: a later delta subscriber never gets a delta on a stale base', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `dmaps:${uid('stale')}`;
  const text = 'dolor sit amet '.repeat(30);
  await api('map_publish', { channel, key: 'a', data: { text, n: 1 } });
  const first = await connectedClient();
  const one = mapSub(first.client, channel, { delta: 'fossil' });
  one.sub.subscribe();
  await one.rec.wait('sync');
  await api('map_publish', { channel, key: 'a', data: { text, n: 2 } });
  await one.rec.wait('update', { filter: (u) => u.data.n === 2 });
  one.sub.unsubscribe();
  await one.rec.wait('unsubscribed');
  // a change nobody with deltas sees, then a new delta subscriber
  await api('map_publish', { channel, key: 'a', data: { text, n: 3 } });
  const second = await connectedClient();
  const two = mapSub(second.client, channel, { delta: 'fossil' });
  two.sub.subscribe();
  const sync = await two.rec.wait('sync');
  assert.equal(dec(sync.entries[0].data).n, 3);
  await api('map_publish', { channel, key: 'a', data: { text, n: 4 } });
  const u = await two.rec.wait('update');
  assert.deepEqual(u.data, { text, n: 4 });
  assert.equal(two.rec.count('error'), 0);
});

test('a stream too small for what was missed: the SDK syncs the state again from scratch', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `smallmaps:${uid('s')}`;
  await api('map_publish', { channel, key: 'a', data: { n: 1 } });
  const { client, rec: crec } = await connectedClient();
  const { sub, rec } = mapSub(client, channel);
  sub.subscribe();
  await rec.wait('sync');
  client.disconnect();
  await crec.wait('disconnected');
  // six changes while away, in a stream that keeps three: the position is lost
  for (let n = 2; n <= 7; n += 1) {
    await api('map_publish', { channel, key: n % 2 ? 'a' : 'b', data: { n } });
  }
  client.connect();
  const again = await rec.wait('sync', { after: 1 });
  const state = Object.fromEntries(again.entries.map((e) => [e.key, dec(e.data).n]));
  assert.deepEqual(state, { a: 7, b: 6 });
  // and live again afterwards
  await api('map_publish', { channel, key: 'c', data: { n: 8 } });
  await rec.wait('update', { filter: (u) => u.key === 'c' });
});
