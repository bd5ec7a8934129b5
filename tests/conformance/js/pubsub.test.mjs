// Subscriptions and publications.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT, TRANSPORT, api, closeAll, commandsOf, connectedClient, enc, newClient, newSub,
  recordingTransport, sleep, subscribed, uid,
} from './helpers.mjs';

afterEach(closeAll);

test('subscribe created before connect goes in the first frame (emulation: right after connect); API publication arrives with its data', { timeout: TEST_TIMEOUT }, async () => {
  const frames = [];
  const { client, rec } = newClient({ opts: recordingTransport(frames) });
  const channel = `chat:${uid('first')}`;
  const { sub, rec: srec } = newSub(client, channel);
  sub.subscribe();
  client.connect();
  const ctx = await srec.wait('subscribed');
  await rec.wait('connected');

  // JSON: one text frame of JSON lines; protobuf: one binary frame of delimited Commands.
  const first = commandsOf(frames[0]);
  assert.ok(first[0].connect, `first command must be connect: ${JSON.stringify(first)}`);
  assert.equal(first[0].id, 1);
  assert.equal(first[0].connect.name, 'centri-conformance');
  if (TRANSPORT === 'websocket') {
    assert.equal(first[1]?.subscribe?.channel, channel, `subscribe must be batched after connect: ${JSON.stringify(first)}`);
  } else {
    // Emulation: the stream request carries the connect command alone; the subscribe goes
    // in the next command batch, a POST /emulation with the session of the connect reply.
    assert.equal(first.length, 1, `the stream request carries connect alone: ${JSON.stringify(first)}`);
    const second = commandsOf(frames[1]);
    assert.equal(second[0]?.subscribe?.channel, channel, `the next batch must subscribe: ${JSON.stringify(second)}`);
  }

  assert.equal(ctx.channel, channel);
  assert.equal(ctx.recoverable, true, 'chat has force_recovery');
  assert.equal(ctx.positioned, true, 'recovery implies positioning');
  assert.equal(ctx.wasRecovering, false);
  assert.equal(typeof ctx.streamPosition.epoch, 'string');
  assert.ok(ctx.streamPosition.epoch.length > 0, 'epoch must be set for a recoverable subscription');

  const data = { text: 'hello', n: 42, f: 1.5, ok: true, none: null, list: [1, 'two', { three: 3 }], uni: 'zażółć 日本 🚀', nl: 'a\nb' };
  const res = await api('publish', { channel, data });
  assert.ok(res.offset >= 1, `publish result must carry an offset: ${JSON.stringify(res)}`);
  assert.equal(res.epoch, ctx.streamPosition.epoch);

  const pub = await srec.wait('publication');
  assert.equal(pub.channel, channel);
  assert.deepEqual(pub.data, data);
  assert.equal(pub.offset, res.offset);
  assert.equal(pub.info, undefined, 'server API publications carry no publisher info');
});

test('API publish with tags: tags reach the subscriber', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  const channel = uid('tags'); // no namespace
  const { rec: srec } = await subscribed(client, channel);
  await api('publish', { channel, data: { v: 1 }, tags: { kind: 'test', n: '1' } });
  const pub = await srec.wait('publication');
  assert.deepEqual(pub.data, { v: 1 });
  assert.deepEqual(pub.tags, { kind: 'test', n: '1' });
});

test('client publish is received by another subscriber with publisher info (user, client)', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('pub')}`;
  const a = await connectedClient({ user: uid('alice') });
  const b = await connectedClient({ user: uid('bob') });
  const sa = await subscribed(a.client, channel);
  const sb = await subscribed(b.client, channel);

  const data = { msg: 'hi from bob' };
  assert.deepEqual(await sb.sub.publish(enc(data)), {});

  const pub = await sa.rec.wait('publication');
  assert.deepEqual(pub.data, data);
  assert.ok(pub.info, 'client publications carry publisher info');
  assert.equal(pub.info.user, b.user);
  assert.equal(pub.info.client, b.connected.client);
  assert.ok(pub.offset >= 1);
  // The publisher receives its own publication too.
  const own = await sb.rec.wait('publication');
  assert.deepEqual(own.data, data);
  assert.equal(own.info.client, b.connected.client);
});

test('client publish through Centrifuge.publish() on a subscribed channel', { timeout: TEST_TIMEOUT }, async () => {
  const channel = uid('cpub');
  const a = await connectedClient();
  const sa = await subscribed(a.client, channel);
  assert.deepEqual(await a.client.publish(channel, enc([1, 2, 3])), {});
  const pub = await sa.rec.wait('publication');
  assert.deepEqual(pub.data, [1, 2, 3]);
  assert.equal(pub.info.user, a.user);
});

test('client publish without being subscribed is denied with 103 (allow_publish_for_subscriber)', { timeout: TEST_TIMEOUT }, async () => {
  const a = await connectedClient();
  await assert.rejects(a.client.publish(`chat:${uid('nosub')}`, enc({ x: 1 })), (e) => {
    assert.equal(e.code, 103);
    assert.equal(e.message, 'permission denied');
    return true;
  });
  assert.equal(a.client.state, 'connected');
});

test('permission denied: subscribe to private:x → unsubscribed with 103, connection stays connected', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec } = await connectedClient();
  const { sub, rec: srec } = newSub(client, `private:${uid('x')}`);
  sub.subscribe();
  const u = await srec.wait('unsubscribed');
  assert.equal(u.code, 103);
  assert.equal(u.reason, 'permission denied');
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(srec.count('subscribed'), 0);
  await sleep(300);
  assert.equal(client.state, 'connected');
  assert.equal(rec.count('connecting'), 1, 'the connection must not be dropped');
  // The connection is still usable.
  const ok = await subscribed(client, `chat:${uid('after')}`);
  assert.equal(ok.sub.state, 'subscribed');
});

test('unknown namespace: subscribe → unsubscribed with 102 "unknown channel"', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  const { sub, rec: srec } = newSub(client, `nosuchns:${uid('x')}`);
  sub.subscribe();
  const u = await srec.wait('unsubscribed');
  assert.equal(u.code, 102);
  assert.equal(u.reason, 'unknown channel');
  assert.equal(client.state, 'connected');
});

test('namespace without history: subscription not recoverable, publications have no offset', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  const channel = `nohist:${uid('n')}`;
  const s = await subscribed(client, channel);
  assert.equal(s.subscribed.recoverable, false);
  assert.equal(s.subscribed.positioned, false);
  const res = await api('publish', { channel, data: { a: 1 } });
  assert.deepEqual(res, {}, 'no offset/epoch without history');
  const pub = await s.rec.wait('publication');
  assert.deepEqual(pub.data, { a: 1 });
  assert.equal(pub.offset, undefined);
});

test('client unsubscribe stops publications; resubscribe recovers what was missed', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  const channel = `chat:${uid('unsub')}`;
  const s = await subscribed(client, channel);
  s.sub.unsubscribe();
  const u = await s.rec.wait('unsubscribed');
  assert.equal(u.code, 0);
  await sleep(200);
  await api('publish', { channel, data: { missed: 1 } });
  await sleep(500);
  assert.equal(s.rec.count('publication'), 0, 'no publications after unsubscribe');
  // centrifuge-js keeps the stream position across unsubscribe(): the next
  // subscribe asks to recover from it.
  s.sub.subscribe();
  const again = await s.rec.wait('subscribed', { after: 1 });
  assert.equal(again.wasRecovering, true);
  assert.equal(again.recovered, true);
  await api('publish', { channel, data: { live: 2 } });
  const pubs = await s.rec.wait('publication', { n: 2 });
  assert.deepEqual(pubs.map((p) => p.data), [{ missed: 1 }, { live: 2 }]);
  assert.deepEqual(pubs.map((p) => p.offset), [1, 2]);
});

test('tagsFilter: only matching publications are delivered; a namespace without allow_tags_filter refuses it with 107', { timeout: TEST_TIMEOUT }, async () => {
  const { client, rec } = await connectedClient();
  const channel = `ticks:${uid('tf')}`;
  const tagsFilter = { op: 'or', nodes: [
    { key: 'ticker', cmp: 'eq', val: 'BTC' },
    { key: 'price', cmp: 'gt', val: '100' },
  ] };
  const { rec: srec } = await subscribed(client, channel, { tagsFilter });
  const sent = [['ETH', '5'], ['BTC', '1'], ['SOL', '7'], ['ETH', '150']];
  for (const [ticker, price] of sent) {
    await api('publish', { channel, data: { ticker, price }, tags: { ticker, price } });
  }
  await api('publish', { channel, data: { end: true }, tags: { ticker: 'BTC', end: '1' } });
  await srec.wait('publication', { filter: (p) => p.data.end === true });
  const got = srec.log.publication.map((p) => p.data.ticker ?? 'end');
  assert.deepEqual(got, ['BTC', 'ETH', 'end'], 'BTC, or a price above 100');

  const { sub, rec: drec } = newSub(client, `chat:${uid('tf')}`, { tagsFilter });
  sub.subscribe();
  const u = await drec.wait('unsubscribed');
  assert.equal(u.code, 107);
  assert.equal(client.state, 'connected');
  assert.equal(rec.count('connecting'), 1, 'the connection must not be dropped');
});

test('delta: fossil: the SDK rebuilds every publication from deltas the server sends', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  const channel = `deltas:${uid('fossil')}`;
  const { sub, rec: srec } = await subscribed(client, channel, { delta: 'fossil' });
  const doc = (n) => ({
    n, price: 100 + n, ticker: 'BTC', venue: 'a venue name long enough to be worth a delta',
    text: 'zażółć 日本 🚀 — the rest of the document stays the same between publications',
  });
  for (let n = 1; n <= 6; n++) {
    await api('publish', { channel, data: doc(n), delta: true });
  }
  const pubs = await srec.wait('publication', { n: 6 });
  assert.deepEqual(pubs.map((p) => p.data), [1, 2, 3, 4, 5, 6].map(doc));
  const stats = sub.deltaStats();
  assert.equal(stats.numFullPayloads, 1, `the first one whole: ${JSON.stringify(stats)}`);
  assert.equal(stats.numDeltaPayloads, 5, JSON.stringify(stats));
  assert.ok(stats.compressionRatio > 0.5, JSON.stringify(stats));

  // a namespace without allowed_delta_types: plain publications, nothing to decode
  const plain = await subscribed(client, `chat:${uid('nodelta')}`, { delta: 'fossil' });
  await api('publish', { channel: plain.sub.channel, data: doc(7), delta: true });
  const p = await plain.rec.wait('publication');
  assert.deepEqual(p.data, doc(7));
  assert.equal(plain.sub.deltaStats().numPublications, 0);
});
