// Shared poll subscriptions (Centrifugo v6.8+): centrifuge-js 5.8's newSharedPollSubscription
// with track/untrack, getSignature, versionless and versioned channels, shared_poll_publish,
// removals, signature refresh on 109 and before expiry, and a publisher epoch change.
//
// Run only by tests/it/poll.rs, which starts the server with the namespaces `polls`
// (versionless), `vpolls` (versioned, publish_enabled), both polled every 300 ms through the
// shared_poll_refresh proxy of a real HTTP backend (the file name keeps it out of the default
// `node --test` run). The backend answers each key with what `poll_set` stored for it
// ({"n": 0}, version 1, for a key never set) and lists its requests at `poll_calls`.
import crypto from 'node:crypto';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Recorder, TEST_TIMEOUT, api, closeAll, connectedClient, now, sleep, uid,
} from './helpers.mjs';

afterEach(closeAll);

const SECRET = process.env.CENTRI_POLL_SECRET;
const BACKEND = process.env.CENTRI_POLL_BACKEND;
if (!SECRET || !BACKEND) {
  throw new Error('CENTRI_POLL_SECRET and CENTRI_POLL_BACKEND are not set: tests/it/poll.rs runs this suite');
}

/** A track signature as the application's backend makes it. */
function signature(user, channel, keys, { iat = now(), exp = now() + 3600, secret = SECRET } = {}) {
  const keysHash = crypto.createHash('sha256').update(keys.join('\x00')).digest('hex');
  const mac = crypto.createHmac('sha256', secret)
    .update(`${iat}:${exp}:${user}:${channel}:${keysHash}`).digest('hex');
  return `${iat}:${exp}:${mac}`;
}

async function backend(path, body) {
  const res = await fetch(`${BACKEND}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(res.status, 200, `backend ${path}`);
  return (await res.json()).result;
}

const setItem = (channel, key, item) => backend('poll_set', { channel, key, item });

const EVENTS = ['subscribing', 'subscribed', 'unsubscribed', 'error', 'update'];

/** A shared poll subscription whose getSignature signs for `user` (or `sign` does). */
function pollSub(client, user, channel, { sign } = {}) {
  const calls = [];
  const getSignature = async (ctx) => {
    calls.push(ctx.keys);
    const sig = sign ? sign(ctx.keys, calls.length) : signature(user, channel, ctx.keys);
    return { keys: ctx.keys, signature: sig };
  };
  const sub = client.newSharedPollSubscription(channel, { getSignature });
  const rec = new Recorder(sub, EVENTS, `poll(${channel})`);
  return { sub, rec, calls };
}

const updateOf = (key, pred = () => true) => ({ filter: (u) => u.key === key && pred(u) });

test('versionless: two clients share one backend poll, changes reach the trackers, untrack stops them', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `polls:${uid('votes')}`;
  await setItem(channel, 'k1', { data: { votes: 1 } });
  const a = await connectedClient();
  const pa = pollSub(a.client, a.user, channel);
  pa.sub.subscribe();
  await pa.rec.wait('subscribed');
  pa.sub.track(['k1', 'k2']);
  const first = await pa.rec.wait('update', updateOf('k1'));
  assert.deepEqual(first.data, { votes: 1 });
  assert.ok(first.version > 0, 'a synthetic version');
  const k2 = await pa.rec.wait('update', updateOf('k2'));
  assert.deepEqual(k2.data, { n: 0 });

  const b = await connectedClient();
  const pb = pollSub(b.client, b.user, channel);
  pb.sub.subscribe();
  await pb.rec.wait('subscribed');
  pb.sub.track(['k1']);
  // the server has k1 already: it comes with the track reply
  assert.deepEqual((await pb.rec.wait('update', updateOf('k1'))).data, { votes: 1 });

  await setItem(channel, 'k1', { data: { votes: 2 } });
  const isTwo = (u) => u.data.votes === 2;
  await pa.rec.wait('update', updateOf('k1', isTwo));
  await pb.rec.wait('update', updateOf('k1', isTwo));

  // one poll asks each key once, whoever tracks it
  const { calls } = await backend('poll_calls', { channel });
  assert.ok(calls.length >= 2, JSON.stringify(calls));
  for (const c of calls) {
    const keys = c.items.map((i) => i.key);
    assert.equal(new Set(keys).size, keys.length, `a key asked twice: ${keys}`);
  }

  pb.sub.untrack(['k1']);
  await sleep(200);
  await setItem(channel, 'k1', { data: { votes: 3 } });
  await pa.rec.wait('update', updateOf('k1', (u) => u.data.votes === 3));
  await sleep(700);
  assert.equal(pb.rec.log.update.filter((u) => u.data && u.data.votes === 3).length, 0);
});

test('versioned: the backend\'s versions, shared_poll_publish at once, stale versions dropped', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `vpolls:${uid('cfg')}`;
  await setItem(channel, 'app', { data: { theme: 'light' }, version: 3 });
  const c = await connectedClient();
  const p = pollSub(c.client, c.user, channel);
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['app']);
  const u = await p.rec.wait('update', updateOf('app'));
  assert.deepEqual([u.data, u.version], [{ theme: 'light' }, 3]);
  await api('shared_poll_publish', { channel, key: 'app', data: { theme: 'dark' }, version: 5 });
  const pub = await p.rec.wait('update', updateOf('app', (x) => x.version === 5));
  assert.deepEqual(pub.data, { theme: 'dark' });
  await api('shared_poll_publish', { channel, key: 'app', data: { theme: 'stale' }, version: 4 });
  await sleep(700);
  assert.equal(p.rec.log.update.filter((x) => x.data && x.data.theme === 'stale').length, 0);
  assert.equal(p.rec.count('update'), 2);
});

test('a key the backend removes: a removal update, and the key is no longer tracked', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `polls:${uid('rm')}`;
  const c = await connectedClient();
  const p = pollSub(c.client, c.user, channel);
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['gone', 'stays']);
  await p.rec.wait('update', updateOf('gone'));
  await setItem(channel, 'gone', { removed: true });
  const r = await p.rec.wait('update', updateOf('gone', (x) => x.removed === true));
  assert.equal(r.removed, true);
  assert.deepEqual([...p.sub.trackedKeys()], ['stays']);
});

test('an expired signature gets 109 and getSignature is asked again', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `polls:${uid('exp')}`;
  const c = await connectedClient();
  // the first signature expired long ago (past the server's grace), the next ones are good
  const p = pollSub(c.client, c.user, channel, {
    sign: (keys, n) => (n === 1
      ? signature(c.user, channel, keys, { iat: now() - 200, exp: now() - 100 })
      : signature(c.user, channel, keys)),
  });
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['k']);
  const u = await p.rec.wait('update', updateOf('k'));
  assert.deepEqual(u.data, { n: 0 });
  assert.ok(p.calls.length >= 2, `getSignature calls: ${p.calls.length}`);
});

test('a short signature is refreshed before it runs out, and the updates go on', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `polls:${uid('ttl')}`;
  const c = await connectedClient();
  const p = pollSub(c.client, c.user, channel, {
    sign: (keys) => signature(c.user, channel, keys, { exp: now() + 2 }),
  });
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['k']);
  await p.rec.wait('update', updateOf('k'));
  const deadline = Date.now() + 8000;
  while (p.calls.length < 2 && Date.now() < deadline) await sleep(100);
  assert.ok(p.calls.length >= 2, 'getSignature was not asked again before the expiry');
  await setItem(channel, 'k', { data: { n: 9 } });
  await p.rec.wait('update', updateOf('k', (x) => x.data.n === 9));
  assert.equal(p.rec.count('error'), 0, JSON.stringify(p.rec.log.error));
});

test('a forged signature: a track error (103), nothing tracked at the server', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `polls:${uid('forged')}`;
  const c = await connectedClient();
  // a backend that signs with the wrong secret
  const p = pollSub(c.client, c.user, channel, {
    sign: (keys) => signature(c.user, channel, keys, { secret: 'not-the-secret' }),
  });
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['k']);
  const e = await p.rec.wait('error', { filter: (x) => x.type === 'track' });
  assert.equal(e.error.code, 103);
  // the SDK drops the key, telling the app with a removal; no data ever came
  const removal = await p.rec.wait('update', updateOf('k', (x) => x.removed === true));
  assert.equal(removal.data, null);
  await sleep(700);
  assert.equal(p.rec.log.update.filter((x) => !x.removed).length, 0);
  assert.equal(p.sub.trackedKeys().size, 0);
  const { calls } = await backend('poll_calls', { channel });
  assert.equal(calls.length, 0, JSON.stringify(calls));
});

test('the publisher\'s epoch changes: the subscription resubscribes and gets the data again', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `vpolls:${uid('epoch')}`;
  await backend('poll_set', { channel, epoch: 'e1' });
  await setItem(channel, 'k', { data: { gen: 1 }, version: 7 });
  const c = await connectedClient();
  const p = pollSub(c.client, c.user, channel);
  p.sub.subscribe();
  await p.rec.wait('subscribed');
  p.sub.track(['k']);
  await p.rec.wait('update', updateOf('k', (x) => x.version === 7));
  // the publisher restarts: new epoch, versions start over
  await backend('poll_set', { channel, epoch: 'e2', key: 'k', item: { data: { gen: 2 }, version: 1 } });
  await p.rec.wait('subscribed', { n: 2 });
  const again = await p.rec.wait('update', updateOf('k', (x) => x.data.gen === 2));
  assert.equal(again.version, 1);
  assert.ok(p.rec.count('subscribing') >= 2);
});
