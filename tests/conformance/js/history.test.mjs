// History (limit, since, reverse) and recovery after a reconnect.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT, api, closeAll, connectedClient, fromWire, newClient, newSub, subscribed, uid,
} from './helpers.mjs';

afterEach(closeAll);

async function publishN(channel, from, to) {
  const results = [];
  for (let n = from; n <= to; n++) results.push(await api('publish', { channel, data: { n } }));
  return results;
}

const ns = (pubs) => pubs.map((p) => p.data.n);
const offsets = (pubs) => pubs.map((p) => p.offset);

test('history with limit, since and reverse from the client', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('hist')}`;
  const published = await publishN(channel, 1, 5);
  assert.deepEqual(published.map((r) => r.offset), [1, 2, 3, 4, 5]);
  const epoch = published[0].epoch;
  assert.ok(epoch, 'publish result must carry the stream epoch');
  assert.ok(published.every((r) => r.epoch === epoch), 'epoch is stable');

  const { client } = await connectedClient();
  const { sub } = await subscribed(client, channel);

  const top = fromWire(await sub.history({ limit: 0 }));
  assert.deepEqual(top.publications, []);
  assert.equal(top.offset, 5);
  assert.equal(top.epoch, epoch);

  const first2 = fromWire(await sub.history({ limit: 2 }));
  assert.deepEqual(ns(first2.publications), [1, 2]);
  assert.deepEqual(offsets(first2.publications), [1, 2]);
  assert.equal(first2.offset, 5);
  assert.equal(first2.epoch, epoch);

  const since2 = fromWire(await sub.history({ limit: 10, since: { offset: 2, epoch } }));
  assert.deepEqual(ns(since2.publications), [3, 4, 5]);
  assert.deepEqual(offsets(since2.publications), [3, 4, 5]);

  const last2 = fromWire(await sub.history({ limit: 2, reverse: true }));
  assert.deepEqual(ns(last2.publications), [5, 4]);

  const before4 = fromWire(await sub.history({ limit: 2, since: { offset: 4, epoch }, reverse: true }));
  assert.deepEqual(ns(before4.publications), [3, 2]);

  const sinceTop = fromWire(await sub.history({ limit: 10, since: { offset: 5, epoch } }));
  assert.deepEqual(sinceTop.publications, []);
  assert.equal(sinceTop.offset, 5);

  const all = fromWire(await client.history(channel, { limit: -1 }));
  assert.deepEqual(ns(all.publications), [1, 2, 3, 4, 5]);
});

test('history since a wrong epoch is 112 "unrecoverable position"', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('hist-epoch')}`;
  await publishN(channel, 1, 2);
  const { client } = await connectedClient();
  const { sub } = await subscribed(client, channel);
  await assert.rejects(sub.history({ limit: 10, since: { offset: 1, epoch: 'not-the-epoch' } }), (e) => {
    assert.equal(e.code, 112);
    assert.equal(e.message, 'unrecoverable position');
    return true;
  });
});

test('history permission: 103 when not subscribed, 108 on a namespace without history', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  await assert.rejects(client.history(`chat:${uid('h')}`, { limit: 1 }), (e) => e.code === 103 && e.message === 'permission denied');
  const channel = `nohist:${uid('h')}`;
  await subscribed(client, channel);
  await assert.rejects(client.history(channel, { limit: 1 }), (e) => e.code === 108 && e.message === 'not available');
});

test('recovery after a reconnect: missed publications arrive in order, wasRecovering/recovered true', { timeout: TEST_TIMEOUT }, async () => {
  const channel = `chat:${uid('recover')}`;
  let away = false;
  // getData runs before every (re)connect attempt: while the client is away,
  // publish the publications it must recover.
  const { client, rec, user } = newClient({
    opts: {
      getData: async () => {
        if (away) {
          away = false;
          await publishN(channel, 4, 6);
        }
        return null;
      },
    },
  });
  const { sub, rec: srec } = newSub(client, channel);
  sub.subscribe();
  client.connect();
  const first = await srec.wait('subscribed');
  assert.equal(first.recoverable, true);
  const epoch = first.streamPosition.epoch;

  await publishN(channel, 1, 3);
  await srec.wait('publication', { n: 3 });

  away = true;
  await api('disconnect', { user, disconnect: { code: 3011, reason: 'force reconnect' } });
  const c = await rec.wait('connecting', { after: 1 });
  assert.equal(c.code, 3011);
  const sing = await srec.wait('subscribing', { after: 1 });
  assert.equal(sing.code, 1, 'subscription goes to subscribing because the transport closed');

  const again = await srec.wait('subscribed', { after: 1 });
  assert.equal(away, false, 'the missed publications were published while away');
  assert.equal(again.wasRecovering, true);
  assert.equal(again.recovered, true);
  assert.equal(again.recoverable, true);
  assert.equal(again.hasRecoveredPublications, true);
  assert.equal(again.streamPosition.epoch, epoch);

  const pubs = await srec.wait('publication', { n: 6 });
  assert.deepEqual(ns(pubs), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(offsets(pubs), [1, 2, 3, 4, 5, 6]);

  // Live publications continue after recovery without duplicates.
  await api('publish', { channel, data: { n: 7 } });
  const all = await srec.wait('publication', { n: 7 });
  assert.deepEqual(ns(all), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(srec.count('publication'), 7);
});

test('recovery with nothing missed: recovered true and no publications replayed', { timeout: TEST_TIMEOUT }, async () => {
  const channel = uid('recover-none');
  const { client, rec, user } = newClient();
  const { sub, rec: srec } = newSub(client, channel);
  sub.subscribe();
  client.connect();
  await srec.wait('subscribed');
  await publishN(channel, 1, 2);
  await srec.wait('publication', { n: 2 });
  await api('disconnect', { user, disconnect: { code: 3011, reason: 'force reconnect' } });
  await rec.wait('connecting', { after: 1 });
  const again = await srec.wait('subscribed', { after: 1 });
  assert.equal(again.wasRecovering, true);
  assert.equal(again.recovered, true);
  assert.equal(again.hasRecoveredPublications, false);
  assert.equal(again.streamPosition.offset, 2);
  await api('publish', { channel, data: { n: 3 } });
  const pubs = await srec.wait('publication', { n: 3 });
  assert.deepEqual(ns(pubs), [1, 2, 3]);
});
