// Operation rate limits: a subscribe rejected with 111 (temporary) is retried by the SDK.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, closeAll, connectedClient, newSub, subscribed, uid } from './helpers.mjs';

afterEach(closeAll);

// config.json: client_command.subscribe in namespace "limited" allows 1 per 2s per connection.
test('a subscribe over the rate limit gets 111 and the SDK resubscribes until it is allowed', { timeout: TEST_TIMEOUT }, async () => {
  const { client } = await connectedClient();
  await subscribed(client, `limited:${uid('first')}`); // takes the only token
  const { sub, rec } = newSub(client, `limited:${uid('second')}`, { minResubscribeDelay: 200, maxResubscribeDelay: 1000 });
  sub.subscribe();
  const err = await rec.wait('error');
  assert.equal(err.type, 'subscribe');
  assert.equal(err.error.code, 111, `rate limit error: ${JSON.stringify(err)}`);
  assert.equal(err.error.message, 'too many requests');
  // the SDK keeps retrying with backoff; the bucket refills within 2s
  const ctx = await rec.wait('subscribed', { timeout: 10000 });
  assert.ok(ctx.channel.startsWith('limited:'));
  assert.ok(rec.count('error') >= 1);
});
