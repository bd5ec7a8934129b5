// Cluster check with the official SDK: a centrifuge-js client on node A receives a
// publication made through node B's HTTP API. Run by tests/it/redis.rs with NODE_A, NODE_B,
// CENTRI_API_KEY and CENTRI_HMAC_SECRET set; exits 0 on success, 1 with a reason otherwise.
import crypto from 'node:crypto';
import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

const a = process.env.NODE_A;
const b = process.env.NODE_B;
const key = process.env.CENTRI_API_KEY;
const secret = process.env.CENTRI_HMAC_SECRET;
if (!a || !b || !key || !secret) {
  console.error('NODE_A, NODE_B, CENTRI_API_KEY and CENTRI_HMAC_SECRET must be set');
  process.exit(1);
}
const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: 'sdk-user', exp: Math.floor(Date.now() / 1000) + 600 })}`;
const token = `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;

const fail = (why) => { console.error(why); process.exit(1); };
const timer = setTimeout(() => fail('timed out after 15s'), 15000);

const client = new Centrifuge(`ws://${a}/connection/websocket`, { websocket: WebSocket, token });
const channel = `chat:sdk-${crypto.randomBytes(4).toString('hex')}`;
const sub = client.newSubscription(channel);
sub.on('publication', (ctx) => {
  if (ctx.data && ctx.data.from === 'node-b') {
    console.log(`received offset ${ctx.offset} on ${channel}`);
    clearTimeout(timer);
    client.disconnect();
    process.exit(0);
  }
});
sub.on('subscribed', async () => {
  const res = await fetch(`http://${b}/api/publish`, {
    method: 'POST',
    headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel, data: { from: 'node-b' } }),
  });
  const body = await res.json();
  if (!body.result) fail(`publish through node B failed: ${JSON.stringify(body)}`);
});
sub.on('error', (ctx) => fail(`subscription error: ${JSON.stringify(ctx)}`));
sub.subscribe();
client.connect();
