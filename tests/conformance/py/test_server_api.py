"""Every server API method through cent 5.x, plus raw HTTP edge cases."""

import asyncio
import json

import pytest
from cent import (
    BatchRequest,
    BroadcastRequest,
    CentApiResponseError,
    CentUnauthorizedError,
    ChannelsRequest,
    Client as CentClient,
    Disconnect,
    DisconnectRequest,
    HistoryRemoveRequest,
    HistoryRequest,
    InfoRequest,
    PresenceRequest,
    PresenceStatsRequest,
    PublishRequest,
    RefreshRequest,
    StreamPosition,
    SubscribeRequest,
    UnsubscribeRequest,
)
from centrifuge import ClientState

from conftest import api_raw, now, uid, user_token


# ---------------------------------------------------------------- publish


async def test_publish(connected, api):
    c = await connected()
    channel = f"chat:{uid('pub')}"
    sub = await c.subscribed(channel)
    res = await api.publish(PublishRequest(channel=channel, data={"hello": "world"}, tags={"k": "v"}))
    assert res.offset == 1
    assert res.epoch
    pub = (await sub.rec.wait("publication")).pub
    assert pub.data == {"hello": "world"}
    assert pub.tags == {"k": "v"}
    assert pub.offset == 1
    res2 = await api.publish(PublishRequest(channel=channel, data=[1, 2]))
    assert (res2.offset, res2.epoch) == (2, res.epoch)


def test_publish_sync_client_and_no_history_namespace(sync_api):
    res = sync_api.publish(PublishRequest(channel=uid("sync"), data={"a": 1}))
    assert res.offset == 1 and res.epoch
    res = sync_api.publish(PublishRequest(channel=f"nohist:{uid('n')}", data={"a": 1}))
    assert (res.offset, res.epoch) == (0, "")


async def test_publish_skip_history(api):
    channel = uid("skip")
    await api.publish(PublishRequest(channel=channel, data={"n": 1}))
    await api.publish(PublishRequest(channel=channel, data={"n": 2}, skip_history=True))
    h = await api.history(HistoryRequest(channel=channel, limit=-1))
    assert [p.data for p in h.publications] == [{"n": 1}]


async def test_publish_unknown_namespace_is_102(api):
    with pytest.raises(CentApiResponseError) as err:
        await api.publish(PublishRequest(channel=f"nosuchns:{uid('x')}", data={}))
    assert err.value.code == 102
    assert err.value.message == "unknown channel"


async def test_publish_empty_channel_is_107(api):
    with pytest.raises(CentApiResponseError) as err:
        await api.publish(PublishRequest(channel="", data={"a": 1}))
    assert (err.value.code, err.value.message) == (107, "bad request")


# -------------------------------------------------------------- broadcast


async def test_broadcast(connected, api):
    c = await connected()
    ch1, ch2 = f"chat:{uid('b1')}", uid("b2")
    s1 = await c.subscribed(ch1)
    s2 = await c.subscribed(ch2)
    bad = f"nosuchns:{uid('b3')}"
    res = await api.broadcast(BroadcastRequest(channels=[ch1, ch2, bad], data={"all": True}))
    assert len(res.responses) == 3
    assert res.responses[0].error is None and res.responses[0].result.offset == 1
    assert res.responses[1].error is None and res.responses[1].result.offset == 1
    assert res.responses[2].error is not None and res.responses[2].error.code == 102
    assert (await s1.rec.wait("publication")).pub.data == {"all": True}
    assert (await s2.rec.wait("publication")).pub.data == {"all": True}


# ------------------------------------------------- subscribe / unsubscribe


async def test_server_side_subscribe_and_unsubscribe(connected, api):
    c = await connected()
    channel = f"chat:{uid('ss')}"
    await api.subscribe(SubscribeRequest(user=c.user, channel=channel, data={"welcome": 1}))
    s = await c.rec.wait("subscribed", lambda x: x.channel == channel)
    assert s.recoverable is True
    assert s.data == {"welcome": 1}
    assert s.stream_position is not None and s.stream_position.epoch

    await api.publish(PublishRequest(channel=channel, data={"x": 1}))
    pub = await c.rec.wait("publication", lambda x: x.channel == channel)
    assert pub.pub.data == {"x": 1}
    assert pub.pub.offset == 1

    await api.unsubscribe(UnsubscribeRequest(user=c.user, channel=channel))
    await c.rec.wait("unsubscribed", lambda x: x.channel == channel)
    assert c.client.state == ClientState.CONNECTED


async def test_unsubscribe_client_side_subscription(connected, api):
    c = await connected()
    channel = f"chat:{uid('unsub')}"
    sub = await c.subscribed(channel)
    await api.unsubscribe(UnsubscribeRequest(user=c.user, channel=channel))
    u = await sub.rec.wait("unsubscribed")
    assert (u.code, u.reason) == (2000, "server unsubscribe")
    assert c.client.state == ClientState.CONNECTED


async def test_subscribe_unknown_namespace_is_102(api):
    with pytest.raises(CentApiResponseError) as err:
        await api.subscribe(SubscribeRequest(user=uid("u"), channel=f"nosuchns:{uid('x')}"))
    assert err.value.code == 102


# ------------------------------------------------------------- disconnect


async def test_disconnect_custom_code(connected, api):
    c = await connected()
    await api.disconnect(DisconnectRequest(user=c.user, disconnect=Disconnect(code=4501, reason="bye")))
    d = await c.rec.wait("disconnected")
    assert (d.code, d.reason) == (4501, "bye")


async def test_disconnect_default_is_3503(connected, api):
    c = await connected()
    await api.disconnect(DisconnectRequest(user=c.user))
    d = await c.rec.wait("disconnected")
    assert (d.code, d.reason) == (3503, "force disconnect")


async def test_disconnect_client_and_whitelist(connected, api):
    user = uid("user")
    a = await connected(user=user)
    b = await connected(user=user)
    cc = await connected(user=user)
    # Only client b.
    await api.disconnect(DisconnectRequest(
        user=user, client=b.client_id, disconnect=Disconnect(code=4502, reason="only b")))
    assert (await b.rec.wait("disconnected")).code == 4502
    # Everyone of the user except a.
    await api.disconnect(DisconnectRequest(
        user=user, whitelist=[a.client_id], disconnect=Disconnect(code=4503, reason="not a")))
    assert (await cc.rec.wait("disconnected")).code == 4503
    await asyncio.sleep(0.5)
    assert a.client.state == ClientState.CONNECTED


# ---------------------------------------------------------------- refresh


async def test_refresh(connected, api):
    user = uid("user")
    c = await connected(user=user, token=user_token(user, exp=now() + 120))
    await api.refresh(RefreshRequest(user=user, expire_at=now() + 3600))
    await asyncio.sleep(0.5)
    assert c.client.state == ClientState.CONNECTED
    assert c.rec.count("connecting") == 1
    await api.refresh(RefreshRequest(user=user, expired=True))
    ctx = await c.rec.wait("connecting", lambda x: x.code == 3005)
    assert ctx.reason == "connection expired"
    await c.rec.wait("connected", after=1)


# ------------------------------------------------ presence / presence stats


async def test_presence_and_presence_stats(connected, api):
    channel = f"chat:{uid('pres')}"
    user = uid("user")
    a = await connected(user=user, token=user_token(user, info={"name": "A"}))
    b = await connected(user=user)
    other = await connected()
    for c in (a, b, other):
        await c.subscribed(channel)
    p = await api.presence(PresenceRequest(channel=channel))
    assert sorted(p.presence) == sorted([a.client_id, b.client_id, other.client_id])
    assert p.presence[a.client_id].user == user
    assert p.presence[a.client_id].client == a.client_id
    assert p.presence[a.client_id].conn_info == {"name": "A"}
    assert p.presence[other.client_id].user == other.user
    stats = await api.presence_stats(PresenceStatsRequest(channel=channel))
    assert (stats.num_clients, stats.num_users) == (3, 2)


async def test_presence_empty_channel_and_not_available(api):
    p = await api.presence(PresenceRequest(channel=uid("empty")))
    assert p.presence == {}
    stats = await api.presence_stats(PresenceStatsRequest(channel=uid("empty")))
    assert (stats.num_clients, stats.num_users) == (0, 0)
    with pytest.raises(CentApiResponseError) as err:
        await api.presence(PresenceRequest(channel=f"nohist:{uid('x')}"))
    assert (err.value.code, err.value.message) == (108, "not available")
    with pytest.raises(CentApiResponseError) as err:
        await api.presence_stats(PresenceStatsRequest(channel=f"nohist:{uid('x')}"))
    assert err.value.code == 108


# --------------------------------------------------- history / history_remove


async def test_history_limit_since_reverse(api):
    channel = f"chat:{uid('hist')}"
    res = [await api.publish(PublishRequest(channel=channel, data={"n": n})) for n in range(1, 6)]
    epoch = res[0].epoch

    def ns(h):
        return [p.data["n"] for p in h.publications]

    top = await api.history(HistoryRequest(channel=channel))
    assert top.publications == []
    assert (top.offset, top.epoch) == (5, epoch)
    assert ns(await api.history(HistoryRequest(channel=channel, limit=2))) == [1, 2]
    assert ns(await api.history(HistoryRequest(channel=channel, limit=-1))) == [1, 2, 3, 4, 5]
    h = await api.history(HistoryRequest(
        channel=channel, limit=10, since=StreamPosition(offset=2, epoch=epoch)))
    assert ns(h) == [3, 4, 5]
    assert [p.offset for p in h.publications] == [3, 4, 5]
    assert ns(await api.history(HistoryRequest(channel=channel, limit=2, reverse=True))) == [5, 4]
    h = await api.history(HistoryRequest(
        channel=channel, limit=2, reverse=True, since=StreamPosition(offset=4, epoch=epoch)))
    assert ns(h) == [3, 2]
    with pytest.raises(CentApiResponseError) as err:
        await api.history(HistoryRequest(
            channel=channel, limit=1, since=StreamPosition(offset=1, epoch="wrong")))
    assert (err.value.code, err.value.message) == (112, "unrecoverable position")


async def test_history_not_available_is_108(api):
    with pytest.raises(CentApiResponseError) as err:
        await api.history(HistoryRequest(channel=f"nohist:{uid('x')}", limit=1))
    assert (err.value.code, err.value.message) == (108, "not available")


async def test_history_remove_keeps_position(api):
    channel = uid("hrm")
    res = [await api.publish(PublishRequest(channel=channel, data={"n": n})) for n in range(3)]
    await api.history_remove(HistoryRemoveRequest(channel=channel))
    h = await api.history(HistoryRequest(channel=channel, limit=-1))
    assert h.publications == []
    assert (h.offset, h.epoch) == (3, res[0].epoch)
    nxt = await api.publish(PublishRequest(channel=channel, data={"n": 3}))
    assert nxt.offset == 4


# --------------------------------------------------------- channels / info


async def test_channels_with_pattern(connected, api):
    tag = uid("chs")
    c1 = await connected()
    c2 = await connected()
    await c1.subscribed(f"chat:{tag}-a")
    await c2.subscribed(f"chat:{tag}-a")
    await c1.subscribed(f"chat:{tag}-b")
    await c1.subscribed(f"other-{tag}")
    res = await api.channels(ChannelsRequest(pattern=f"chat:{tag}-*"))
    assert sorted(res.channels) == [f"chat:{tag}-a", f"chat:{tag}-b"]
    assert res.channels[f"chat:{tag}-a"].num_clients == 2
    assert res.channels[f"chat:{tag}-b"].num_clients == 1
    everything = await api.channels(ChannelsRequest())
    assert {f"chat:{tag}-a", f"chat:{tag}-b", f"other-{tag}"} <= set(everything.channels)
    none = await api.channels(ChannelsRequest(pattern=f"nothing-{tag}-*"))
    assert none.channels == {}


async def test_info(connected, api):
    await connected()
    res = await api.info(InfoRequest())
    assert len(res.nodes) >= 1
    node = res.nodes[0]
    assert node.uid and node.name
    assert node.version
    assert node.num_clients >= 1
    assert node.num_users >= 1


# ------------------------------------------------------------------ batch


async def test_batch(connected, api):
    c = await connected()
    channel = f"chat:{uid('batch')}"
    sub = await c.subscribed(channel)
    res = await api.batch(BatchRequest(requests=[
        PublishRequest(channel=channel, data={"i": 1}),
        PublishRequest(channel=channel, data={"i": 2}),
        PresenceStatsRequest(channel=channel),
        HistoryRequest(channel=channel, limit=-1),
        InfoRequest(),
    ]))
    assert len(res.replies) == 5
    assert res.replies[0].offset == 1
    assert res.replies[1].offset == 2
    assert (res.replies[2].num_clients, res.replies[2].num_users) == (1, 1)
    assert [p.data for p in res.replies[3].publications] == [{"i": 1}, {"i": 2}]
    assert len(res.replies[4].nodes) >= 1
    pubs = await sub.rec.wait("publication", n=2)
    assert [p.pub.data for p in pubs] == [{"i": 1}, {"i": 2}]


async def test_batch_parallel(api):
    channels = [uid("bp") for _ in range(3)]
    res = await api.batch(BatchRequest(
        requests=[PublishRequest(channel=ch, data={"ch": ch}) for ch in channels], parallel=True))
    assert [r.offset for r in res.replies] == [1, 1, 1]


def test_batch_error_reply_raw():
    # cent cannot parse error replies inside a batch, so this goes raw.
    status, text = api_raw("batch", {"commands": [
        {"publish": {"channel": uid("ok"), "data": {}}},
        {"publish": {"channel": f"nosuchns:{uid('x')}", "data": {}}},
    ]})
    assert status == 200
    body = json.loads(text)
    assert "result" not in body, "batch replies are not wrapped in result"
    assert len(body["replies"]) == 2
    assert "publish" in body["replies"][0]
    assert body["replies"][1]["error"]["code"] == 102


# ----------------------------------------------------- auth and transport


def test_wrong_api_key_is_401(env):
    client = CentClient(env.api_url, "definitely-wrong-key", timeout=5)
    with pytest.raises(CentUnauthorizedError):
        client.info(InfoRequest())
    status, text = api_raw("info", {}, api_key="definitely-wrong-key")
    assert status == 401
    status, _ = api_raw("info", {}, api_key=False)
    assert status == 401


def test_authorization_apikey_header_accepted(env):
    status, text = api_raw("info", {}, api_key=False, headers={"Authorization": f"apikey {env.api_key}"})
    assert status == 200, text
    assert "nodes" in json.loads(text)["result"]


def test_malformed_json_is_400():
    status, _ = api_raw("publish", b'{"channel": "x", "data": ')
    assert status == 400


def test_api_errors_use_http_200_with_error_object():
    status, text = api_raw("publish", {"channel": f"nosuchns:{uid('x')}", "data": {}})
    assert status == 200
    assert json.loads(text) == {"error": {"code": 102, "message": "unknown channel"}}


def test_non_post_is_405():
    status, _ = api_raw("info", None, http_method="GET")
    assert status == 405


def test_success_envelope_is_result_object():
    status, text = api_raw("publish", {"channel": f"nohist:{uid('x')}", "data": {"a": 1}})
    assert status == 200
    assert json.loads(text) == {"result": {}}
