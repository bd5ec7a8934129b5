//! The Lua scripts of the Redis engine. Each runs atomically on the server that owns its
//! keys; on a Redis Cluster every key a script touches shares one hash slot (the engine's key
//! scheme puts a channel's keys under one hash tag), so no script crosses slots.

/// Publishes one or more publications in one step, each appended to its stream first when
/// history is on (trimmed approximately: readers keep the last `history_size`). A
/// `broadcast` sends all of its channels that live on one server as one call.
///
/// KEYS, three per publication: stream, meta, idempotency key (on a cluster always a key of
/// the channel's slot, even when unused). ARGV[1] is the verb, `publish` or `spublish`
/// (a cluster with sharded PUB/SUB); then eleven per publication: payload, history size,
/// stream TTL ms, meta TTL ms, a new epoch, PUB/SUB channel, idempotency TTL ms, delta mark,
/// idempotency flag (`1`: the key is checked and set), version (`0`: none) and version
/// epoch.
///
/// With history, a version at or below the meta hash's last one (`v`, in epoch `ve`) is
/// dropped, unless its epoch is given and differs; versions are compared as decimal strings,
/// so all of u64 is exact. The reply has one `{offset, epoch, duplicate}` per publication
/// (a dropped one: the stream's top, duplicate 1); one that failed (say a key of another
/// type) is `{0, error, -1}` and the others still go out.
pub const PUBLISH: &str = r"
local verb = ARGV[1]
local function newer(a, b)
  return #a > #b or (#a == #b and a > b)
end
local function one(stream, meta, idem, payload, size, ttl, meta_ttl, new_epoch, ch, idem_ttl, mark, check, version, vepoch)
  if check == '1' then
    local prev = redis.call('get', idem)
    if prev then
      local sep = string.find(prev, ':', 1, true)
      return {tonumber(string.sub(prev, 1, sep - 1)), string.sub(prev, sep + 1), 1}
    end
  end
  local offset, epoch = 0, ''
  if size > 0 then
    epoch = redis.call('hget', meta, 'e')
    if not epoch then
      epoch = new_epoch
      redis.call('hset', meta, 'e', epoch)
    end
    if version ~= '0' then
      local last = redis.call('hmget', meta, 'v', 've', 's')
      if last[1] and (vepoch == '' or vepoch == last[2]) and not newer(version, last[1]) then
        return {tonumber(last[3] or '0'), epoch, 1}
      end
      redis.call('hset', meta, 'v', version, 've', vepoch)
    end
    offset = redis.call('hincrby', meta, 's', 1)
    redis.call('xadd', stream, 'MAXLEN', '~', size, '*', 'o', offset, 'd', payload)
    redis.call('pexpire', stream, ttl)
    redis.call('pexpire', meta, meta_ttl)
  end
  redis.call(verb, ch, offset .. ':' .. epoch .. ':' .. mark .. payload)
  if check == '1' then
    redis.call('set', idem, offset .. ':' .. epoch, 'PX', idem_ttl)
  end
  return {offset, epoch, 0}
end
local out = {}
for i = 0, #KEYS / 3 - 1 do
  local k, a = 3 * i, 1 + 11 * i
  local ok, r = pcall(one, KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8], ARGV[a + 9], ARGV[a + 10], ARGV[a + 11])
  if ok then
    out[i + 1] = r
  else
    local e = r
    if type(r) == 'table' then e = r.err end
    out[i + 1] = {0, tostring(e), -1}
  end
end
return out
";

pub const HISTORY: &str = r"
local stream, meta = KEYS[1], KEYS[2]
local new_epoch, meta_ttl, read = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local epoch = redis.call('hget', meta, 'e')
if not epoch then
  epoch = new_epoch
  redis.call('hset', meta, 'e', epoch)
end
if meta_ttl > 0 then redis.call('pexpire', meta, meta_ttl) end
local top = tonumber(redis.call('hget', meta, 's') or '0')
local entries = {}
if read == '1' then entries = redis.call('xrange', stream, '-', '+') end
return {epoch, top, entries}
";

pub const PRESENCE_GET: &str = r"
local data, exp, now = KEYS[1], KEYS[2], ARGV[1]
local gone = redis.call('zrangebyscore', exp, '-inf', now)
if #gone > 0 then
  redis.call('zremrangebyscore', exp, '-inf', now)
  redis.call('hdel', data, unpack(gone))
end
return redis.call('hgetall', data)
";

/// GCRA for the generic `rate_limit` method, on Redis's clock (microseconds), so every node
/// shares one bucket.
pub const RATE_LIMIT: &str = r"
local t = redis.call('time')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local rate, interval, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('get', KEYS[1]) or '0')
local step = math.max(math.floor(interval / rate), 1)
local base = math.max(tat, now)
local new = base + step * cost
local limit = now + interval
if new <= limit then
  if cost > 0 then redis.call('set', KEYS[1], new, 'PX', math.ceil((new - now) / 1000) + 1) end
  return {1, math.floor((limit - new) / step), 0}
end
return {0, math.floor((limit - base) / step), math.ceil((new - limit) / 1000)}
";

/// Channel occupancy across nodes: a hash of the node ids holding the channel, each with the
/// time (ms, Redis's clock) its hold expires unless the node renews it; a sorted set per
/// shard of `node:channel` by that time, so a node that died without leaving is found and
/// swept; and a "vacating" marker while a vacated event waits out its delay.
///
/// `live` drops a hash's expired holds and counts the rest.
pub const OCC_LIB: &str = r"
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function live(occ)
  local all = redis.call('hgetall', occ)
  local n = 0
  for i = 1, #all, 2 do
    if tonumber(all[i + 1]) <= now then redis.call('hdel', occ, all[i]) else n = n + 1 end
  end
  return n
end
";
/// KEYS: occupancy, vacating, expiry set; ARGV: node, hold ms, channel. 1: first holder in
/// the cluster; 2: first holder, cancelling a pending vacated; 0: held already (a renewal).
pub const OCC_JOIN: &str = r"
local was = live(KEYS[1])
local exp = now + tonumber(ARGV[2])
redis.call('hset', KEYS[1], ARGV[1], exp)
redis.call('pexpire', KEYS[1], ARGV[2])
redis.call('zadd', KEYS[3], exp, ARGV[1] .. ':' .. ARGV[3])
if was == 0 then
  if redis.call('del', KEYS[2]) == 1 then return 2 end
  return 1
end
return 0
";
/// KEYS: occupancy, vacating, expiry set; ARGV: node, vacating marker ms, channel. The
/// number of nodes that still hold the channel.
pub const OCC_LEAVE: &str = r"
redis.call('hdel', KEYS[1], ARGV[1])
redis.call('zrem', KEYS[3], ARGV[1] .. ':' .. ARGV[3])
local n = live(KEYS[1])
if n == 0 then redis.call('set', KEYS[2], 1, 'PX', ARGV[2]) end
return n
";
/// KEYS: occupancy, vacating. 1 when the channel is still empty and nobody cancelled.
pub const OCC_FIRE: &str = r"
if live(KEYS[1]) == 0 and redis.call('del', KEYS[2]) == 1 then return 1 end
return 0
";
/// KEYS: expiry set; ARGV: occupancy key prefix, vacating key prefix, vacating marker ms,
/// batch size. Removes the holds of nodes that stopped renewing them; returns the channels
/// that this left empty (each now vacating: the caller fires their vacated event).
pub const OCC_SWEEP: &str = r"
local due = redis.call('zrangebyscore', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for _, m in ipairs(due) do
  local sep = string.find(m, ':', 1, true)
  local node, ch = string.sub(m, 1, sep - 1), string.sub(m, sep + 1)
  local occ = ARGV[1] .. ch
  local exp = tonumber(redis.call('hget', occ, node) or '0')
  if exp > now then
    redis.call('zadd', KEYS[1], exp, m)
  else
    redis.call('zrem', KEYS[1], m)
    redis.call('hdel', occ, node)
    if live(occ) == 0 then
      redis.call('set', ARGV[2] .. ch, 1, 'PX', ARGV[3])
      table.insert(out, ch)
    end
  end
end
return out
";

/// Several GCRA buckets that must all allow (`redis_user_command`), on Redis's clock.
pub const BUCKETS: &str = r"
local tm = redis.call('time')
local now = tonumber(tm[1]) * 1000000 + tonumber(tm[2])
for i = 1, #KEYS do
  local tat = tonumber(redis.call('get', KEYS[i]) or '0')
  if tat > now + tonumber(ARGV[2 * i]) then return 0 end
end
for i = 1, #KEYS do
  local tat = tonumber(redis.call('get', KEYS[i]) or '0')
  local new = math.max(tat, now) + tonumber(ARGV[2 * i - 1])
  redis.call('set', KEYS[i], new, 'PX', math.ceil((new - now) / 1000) + 1)
end
return 1
";
