// User status (Centrifugo PRO): the built-in `update_user_status` RPC from the SDK, read back
// through the server API's get_user_status.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, api, closeAll, connectedClient, enc, fromWire, now, uid } from './helpers.mjs';

afterEach(closeAll);

test('client rpc update_user_status sets active for the caller', { timeout: TEST_TIMEOUT }, async () => {
  const user = uid('status');
  const stranger = uid('nobody');
  const before = now();
  const c = await connectedClient({ user });

  // connected: online is known, active is not yet
  let [mine] = (await api('get_user_status', { users: [user] })).statuses;
  assert.equal(mine.user, user);
  assert.ok(mine.online >= before, `online at connect: ${JSON.stringify(mine)}`);
  assert.equal(mine.active, undefined);

  const res = fromWire(await c.client.rpc('update_user_status', enc({})));
  assert.deepEqual(res, { data: undefined });

  const { statuses } = await api('get_user_status', { users: [stranger, user] });
  assert.deepEqual(statuses[0], { user: stranger }, 'unknown user: no fields, input order kept');
  mine = statuses[1];
  assert.equal(mine.user, user);
  assert.ok(mine.active >= before && mine.active <= now(), `active: ${JSON.stringify(mine)}`);
});

test('other rpc methods stay 108 "not available"', { timeout: TEST_TIMEOUT }, async () => {
  const c = await connectedClient();
  await assert.rejects(c.client.rpc('no_such_method', enc({})), (e) => e.code === 108 && e.message === 'not available');
});
