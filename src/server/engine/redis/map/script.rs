//! The Lua script of map channels on Redis: every operation on one channel's map runs in it,
//! atomically on the server that owns the channel's keys (one hash slot on a cluster).
//!
//! KEYS: meta (hash: `e` epoch, `s` last offset), keys (sorted set, score 0: the keys in
//! lexical order for state pages), state (hash: key → `offset:time_ms:publication JSON`),
//! versions (hash: key → `version:version_epoch`), tags (hash: key → tags JSON, for the
//! removal of a tagged key), expiries (sorted set: key → expiry in ms), stream (a Redis
//! stream: `o` offset, `t` time ms, `d` publication JSON), and an idempotency key.
//!
//! ARGV: 1 the PUB/SUB verb (`publish` or `spublish`), 2 the PUB/SUB channel, 3 a new epoch,
//! 4 streamed (`1`), 5 stream size, 6 stream TTL ms, 7 key TTL ms (0: keys stay), 8 how long
//! an idle map lives (ms; 0: for ever), 9 the operation; its own arguments follow.
//!
//! Every change takes the next offset of the channel, streamed or not: an ephemeral map's
//! offsets never reach a client, but they let a new subscriber skip a change that its state
//! already holds when it also arrives over PUB/SUB. A change is published as
//! `offset:epoch:publication JSON` (the publication's offset is in the header), as the
//! publish script does for stream channels, so every node delivers it the same way. In a
//! namespace with fossil deltas, a change of an existing key also carries the key's value
//! before it (`p<length>:<stored JSON>` ahead of the publication), the base every live
//! subscriber holds for the key.
//! Time is Redis's (`TIME`), so every node agrees on expiries.

pub const MAP: &str = r#"
local meta, keys, state, vers, tags, exp, stream, idem = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local verb, ch, new_epoch, streamed = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1'
local size, stream_ttl, key_ttl, life = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local op = ARGV[9]
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function epoch()
  if not streamed then return '' end
  local e = redis.call('hget', meta, 'e')
  if not e then
    e = new_epoch
    redis.call('hset', meta, 'e', e)
  end
  return e
end
local function top()
  return tonumber(redis.call('hget', meta, 's') or '0')
end
local function keep()
  if life > 0 then
    for _, k in ipairs({meta, keys, state, vers, tags, exp, stream}) do
      redis.call('pexpire', k, life)
    end
  end
end
local function newer(a, b)
  return #a > #b or (#a == #b and a > b)
end
-- appends a change to the stream (streamed maps) and publishes it; its offset
-- with `prev` (the key's value before, as stored) the message carries it too: every node
-- then has the base of the change's fossil delta
local function record(json, e, prev)
  local offset = redis.call('hincrby', meta, 's', 1)
  if streamed then
    redis.call('xadd', stream, 'MAXLEN', size, '*', 'o', offset, 't', now, 'd', json)
    redis.call('xtrim', stream, 'MINID', now - stream_ttl)
  end
  local msg = offset .. ':' .. e .. ':'
  if prev then msg = msg .. 'p' .. #prev .. ':' .. prev end
  redis.call(verb, ch, msg .. json)
  return offset
end
-- a stored value's publication JSON (after `offset:time:`)
local function json_of(v)
  local a = string.find(v, ':', 1, true)
  local b = string.find(v, ':', a + 1, true)
  return string.sub(v, b + 1)
end
-- removes a key: a removal (carrying the key's tags, so tags filters let it through)
local function drop(key, e)
  local tg = redis.call('hget', tags, key)
  local j = '{"data":null,"key":' .. cjson.encode(key) .. ',"removed":true'
  if tg then j = j .. ',"tags":' .. tg end
  j = j .. '}'
  redis.call('hdel', state, key)
  redis.call('zrem', keys, key)
  redis.call('hdel', vers, key)
  redis.call('hdel', tags, key)
  redis.call('zrem', exp, key)
  return record(j, e, nil)
end
-- removes the keys whose TTL passed (at most 1000 per call; the sweep comes back)
local function expire()
  local gone = redis.call('zrangebyscore', exp, '-inf', now, 'LIMIT', 0, 1000)
  if #gone == 0 then return 0 end
  local e = epoch()
  for _, k in ipairs(gone) do drop(k, e) end
  return #gone
end
local function repeated()
  if ARGV[#ARGV] ~= '1' then return nil end
  local prev = redis.call('get', idem)
  if prev then return {tonumber(prev), epoch(), 'idempotency'} end
  return nil
end
local function remember(offset)
  if ARGV[#ARGV] == '1' then redis.call('set', idem, offset, 'PX', 300000) end
end

if op == 'publish' then
  -- key, publication JSON, tags JSON (''), key mode, version ('0'), version epoch,
  -- refresh TTL ('1'), the previous value in the message ('1'), idempotency ('1')
  local key, json, tg, mode, version, vepoch, refresh, with_prev = ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16], ARGV[17]
  expire()
  local r = repeated()
  if r then return r end
  local e = epoch()
  local exists = redis.call('hexists', state, key) == 1
  if exists and version ~= '0' then
    local v = redis.call('hget', vers, key)
    if v then
      local sep = string.find(v, ':', 1, true)
      if string.sub(v, sep + 1) == vepoch and not newer(version, string.sub(v, 1, sep - 1)) then
        return {top(), e, 'version'}
      end
    end
  end
  if mode == 'if_new' and exists then
    if refresh == '1' and key_ttl > 0 then
      redis.call('zadd', exp, now + key_ttl, key)
      keep()
    end
    return {top(), e, 'key_exists'}
  end
  if mode == 'if_exists' and not exists then return {top(), e, 'key_not_found'} end
  local prev = nil
  if with_prev == '1' and exists then prev = json_of(redis.call('hget', state, key)) end
  local offset = record(json, e, prev)
  redis.call('hset', state, key, offset .. ':' .. now .. ':' .. json)
  redis.call('zadd', keys, 0, key)
  if version ~= '0' then redis.call('hset', vers, key, version .. ':' .. vepoch) else redis.call('hdel', vers, key) end
  if tg ~= '' then redis.call('hset', tags, key, tg) else redis.call('hdel', tags, key) end
  if key_ttl > 0 then redis.call('zadd', exp, now + key_ttl, key) end
  remember(offset)
  keep()
  return {offset, e, ''}
elseif op == 'remove' then
  -- key, idempotency ('1')
  local key = ARGV[10]
  expire()
  local r = repeated()
  if r then return r end
  local e = epoch()
  if redis.call('hexists', state, key) == 0 then return {top(), e, 'key_not_found'} end
  local offset = drop(key, e)
  remember(offset)
  keep()
  return {offset, e, ''}
elseif op == 'expire' then
  -- the number of keys removed, and of keys left
  local n = expire()
  if n > 0 then keep() end
  return {n, redis.call('hlen', state)}
elseif op == 'state' then
  -- after (a key; '' from the start), limit (-1: all), until (-1: any offset), one key ('')
  -- {epoch, top, {key, value, ...}, more, last key looked at}: live keys in lexical order;
  -- with until, only those last written at or before it (a page counts the keys it carries).
  -- Keys go in batches: one ZRANGEBYLEX, one HMGET and (keys with a TTL) one ZMSCORE each.
  local after, limit, upto, only = ARGV[10], tonumber(ARGV[11]), tonumber(ARGV[12]), ARGV[13]
  local had = redis.call('exists', meta) == 1
  local e = epoch()
  if not had then keep() end
  local tp = top()
  if only ~= '' then
    local v = redis.call('hget', state, only)
    local x = key_ttl > 0 and redis.call('zscore', exp, only)
    if v and (not x or tonumber(x) > now) then return {e, tp, {only, v}, 0, only} end
    return {e, tp, {}, 0, ''}
  end
  local out, count, more, last = {}, 0, 0, ''
  local start = '-'
  if after ~= '' then start = '(' .. after end
  local step = 512
  if limit >= 0 and limit + 1 < step then step = limit + 1 end
  while true do
    local batch = redis.call('zrangebylex', keys, start, '+', 'LIMIT', 0, step)
    if #batch == 0 then break end
    local vals = redis.call('hmget', state, unpack(batch))
    local xs = nil
    if key_ttl > 0 then xs = redis.call('zmscore', exp, unpack(batch)) end
    for i, k in ipairs(batch) do
      local x = xs and xs[i]
      if not x or tonumber(x) > now then
        if limit >= 0 and count >= limit then
          more = 1
          break
        end
        last = k
        local v = vals[i]
        if v then
          if upto < 0 or tonumber(string.sub(v, 1, string.find(v, ':', 1, true) - 1)) <= upto then
            out[#out + 1] = k
            out[#out + 1] = v
            count = count + 1
          end
        end
      end
    end
    if more == 1 or #batch < step then break end
    start = '(' .. batch[#batch]
  end
  return {e, tp, out, more, last}
elseif op == 'stream' then
  -- {epoch, top, entries}: the whole stream (at most stream size), its aged changes dropped
  local had = redis.call('exists', meta) == 1
  local e = epoch()
  if not had then keep() end
  redis.call('xtrim', stream, 'MINID', now - stream_ttl)
  return {e, top(), redis.call('xrange', stream, '-', '+')}
elseif op == 'stats' then
  if key_ttl > 0 then return redis.call('zcount', exp, '(' .. now, '+inf') end
  return redis.call('hlen', state)
elseif op == 'clear' then
  redis.call('del', meta, keys, state, vers, tags, exp, stream)
  return 0
end
return redis.error_reply('unknown map operation ' .. tostring(op))
"#;
