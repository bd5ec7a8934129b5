// Raw protocol frames the SDKs rely on but do not surface as events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, api, now, rawSocket, uid, userToken } from './helpers.mjs';

test('raw handshake: connect + subscribe in one frame are answered in order with the documented fields', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('raw');
  const channel = `chat:${uid('raw')}`;
  const s = await rawSocket();
  try {
    s.send([
      { id: 1, connect: { token: userToken(user, { exp: now() + 300 }), name: 'raw' } },
      { id: 2, subscribe: { channel, flag: 1 } },
    ]);
    const c = await s.reply(1);
    assert.equal(c.error, undefined, JSON.stringify(c));
    assert.equal(typeof c.connect.client, 'string');
    assert.ok(c.connect.client.length > 0);
    assert.equal(typeof c.connect.version, 'string');
    assert.ok(c.connect.ping > 0 && c.connect.ping <= 25, `ping interval: ${c.connect.ping}`);
    assert.equal(c.connect.pong, true);
    assert.equal(c.connect.expires, true);
    assert.ok(c.connect.ttl > 290 && c.connect.ttl <= 300, `ttl: ${c.connect.ttl}`);

    const sr = await s.reply(2);
    assert.equal(sr.error, undefined, JSON.stringify(sr));
    assert.ok(sr.subscribe, `subscribe result key must be present: ${JSON.stringify(sr)}`);
    assert.equal(sr.subscribe.recoverable, true);
    assert.equal(sr.subscribe.positioned, true);
    assert.equal(typeof sr.subscribe.epoch, 'string');
    assert.ok(s.messages.indexOf(c) < s.messages.indexOf(sr), 'connect reply comes before the subscribe reply');

    const res = await api('publish', { channel, data: { raw: true } });
    const p = await s.push((push) => push.channel === channel && push.pub, 'pub push');
    assert.deepEqual(p.push.pub.data, { raw: true }, 'data must be embedded as raw JSON');
    assert.equal(p.push.pub.offset, res.offset);
  } finally {
    s.close();
  }
});

test('raw: server API refresh sends a refresh push with the new ttl', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('raw');
  const s = await rawSocket();
  try {
    s.send([{ id: 1, connect: { token: userToken(user, { exp: now() + 120 }) } }]);
    const c = await s.reply(1);
    assert.equal(c.connect.expires, true);
    assert.ok(c.connect.ttl <= 120);
    await api('refresh', { user, expire_at: now() + 3600 });
    const r = await s.push((push) => push.refresh, 'refresh push');
    assert.equal(r.push.refresh.expires, true);
    assert.ok(r.push.refresh.ttl > 3500 && r.push.refresh.ttl <= 3600, `ttl: ${r.push.refresh.ttl}`);
  } finally {
    s.close();
  }
});

test('raw: server API disconnect closes the socket with the code and reason', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('raw');
  const s = await rawSocket();
  s.send([{ id: 1, connect: { token: userToken(user) } }]);
  await s.reply(1);
  await api('disconnect', { user, disconnect: { code: 4501, reason: 'bye' } });
  const closed = await s.closed();
  assert.deepEqual(closed, { code: 4501, reason: 'bye' });
});

test('raw: a command before connect closes with 3501 "bad request"', { timeout: TEST_TIMEOUT }, async () => {
  const s = await rawSocket();
  s.send([{ id: 1, subscribe: { channel: 'chat:x' } }]);
  const closed = await s.closed();
  assert.deepEqual(closed, { code: 3501, reason: 'bad request' });
});

test('raw: an invalid token closes with 3500 "invalid token"', { timeout: TEST_TIMEOUT }, async () => {
  const s = await rawSocket();
  s.send([{ id: 1, connect: { token: 'not.a.jwt' } }]);
  const closed = await s.closed();
  assert.deepEqual(closed, { code: 3500, reason: 'invalid token' });
});

test('raw: errors carry code and message; the reply to a denied subscribe keeps the connection', { timeout: TEST_TIMEOUT }, async () => {
  const s = await rawSocket();
  try {
    s.send([
      { id: 1, connect: { token: userToken(uid('raw')) } },
      { id: 2, subscribe: { channel: `private:${uid('x')}`, flag: 1 } },
      { id: 3, presence_stats: { channel: `nohist:${uid('x')}` } },
    ]);
    await s.reply(1);
    const denied = await s.reply(2);
    assert.deepEqual(denied.error, { code: 103, message: 'permission denied' });
    const na = await s.reply(3);
    assert.deepEqual(na.error, { code: 108, message: 'not available' });
    s.send([{ id: 4, subscribe: { channel: `chat:${uid('ok')}`, flag: 1 } }]);
    const ok = await s.reply(4);
    assert.ok(ok.subscribe, JSON.stringify(ok));
  } finally {
    s.close();
  }
});
