"""centrifuge-python client scenarios against centri."""

import asyncio

import pytest
from cent import DisconnectRequest, Disconnect, PublishRequest
from centrifuge import ClientState, ReplyError, StreamPosition, SubscriptionState

from conftest import enc, from_wire, now, sign, uid, user_token


async def publish_n(api, channel: str, first: int, last: int):
    return [
        await api.publish(PublishRequest(channel=channel, data={"n": n}))
        for n in range(first, last + 1)
    ]


def ns(pubs):
    return [p.data["n"] for p in pubs]


async def test_connect_client_id(connected):
    c = await connected()
    ctx = c.rec.log["connected"][0]
    assert isinstance(ctx.client, str) and ctx.client
    assert isinstance(ctx.version, str)
    assert c.client.state == ClientState.CONNECTED
    assert c.client.client_id == ctx.client


async def test_subscribe_before_connect_then_api_publication(make_client, api):
    c = make_client()
    channel = f"chat:{uid('first')}"
    sub = c.new_sub(channel)
    await sub.subscribe()  # client not connected yet: subscribes once connected
    assert sub.state == SubscriptionState.SUBSCRIBING
    await c.connect()
    ctx = await sub.rec.wait("subscribed")
    assert ctx.channel == channel
    assert ctx.recoverable is True
    assert ctx.positioned is True
    assert ctx.stream_position is not None and ctx.stream_position.epoch

    data = {"text": "hello", "n": 42, "list": [1, "two", {"three": 3}], "uni": "zażółć 日本"}
    res = await api.publish(PublishRequest(channel=channel, data=data))
    assert res.offset >= 1
    assert res.epoch == ctx.stream_position.epoch
    pub = (await sub.rec.wait("publication")).pub
    assert pub.data == data
    assert pub.offset == res.offset
    assert pub.info is None


async def test_client_publish_seen_with_publisher_info(connected):
    channel = f"chat:{uid('pub')}"
    a = await connected(user=uid("alice"))
    b = await connected(user=uid("bob"))
    sa = await a.subscribed(channel)
    sb = await b.subscribed(channel)
    await sb.publish(enc({"msg": "hi from bob"}))
    pub = (await sa.rec.wait("publication")).pub
    assert pub.data == {"msg": "hi from bob"}
    assert pub.info is not None
    assert pub.info.user == b.user
    assert pub.info.client == b.client_id
    assert pub.offset >= 1


async def test_presence_and_presence_stats(connected):
    channel = f"chat:{uid('pres')}"
    a = await connected(user=uid("alice"))
    b = await connected(user=uid("bob"))
    sa = await a.subscribed(channel)
    await b.subscribed(channel)
    p = await sa.presence()
    assert sorted(p.clients) == sorted([a.client_id, b.client_id])
    assert p.clients[a.client_id].user == a.user
    assert p.clients[a.client_id].client == a.client_id
    assert p.clients[b.client_id].user == b.user
    stats = await sa.presence_stats()
    assert (stats.num_clients, stats.num_users) == (2, 2)


async def test_join_and_leave_seen_by_other_subscriber(connected):
    channel = f"chat:{uid('jl')}"
    a = await connected(user=uid("alice"))
    sa = await a.subscribed(channel)
    b = await connected(user=uid("bob"))
    sb = await b.subscribed(channel)
    join = await sa.rec.wait("join", lambda j: j.info.user == b.user)
    assert join.info.client == b.client_id
    await sb.unsubscribe()
    leave = await sa.rec.wait("leave", lambda j: j.info.user == b.user)
    assert leave.info.client == b.client_id


async def test_history_limit_since_reverse(connected, api):
    channel = f"chat:{uid('hist')}"
    published = await publish_n(api, channel, 1, 5)
    assert [r.offset for r in published] == [1, 2, 3, 4, 5]
    epoch = published[0].epoch
    assert epoch
    c = await connected()
    sub = await c.subscribed(channel)

    top = from_wire(await sub.history(limit=0))
    assert top.publications == []
    assert (top.offset, top.epoch) == (5, epoch)

    first2 = from_wire(await sub.history(limit=2))
    assert ns(first2.publications) == [1, 2]
    assert [p.offset for p in first2.publications] == [1, 2]

    since2 = from_wire(await sub.history(limit=10, since=StreamPosition(offset=2, epoch=epoch)))
    assert ns(since2.publications) == [3, 4, 5]

    last2 = from_wire(await sub.history(limit=2, reverse=True))
    assert ns(last2.publications) == [5, 4]

    before4 = from_wire(
        await sub.history(limit=2, since=StreamPosition(offset=4, epoch=epoch), reverse=True))
    assert ns(before4.publications) == [3, 2]

    with pytest.raises(ReplyError) as err:
        await sub.history(limit=1, since=StreamPosition(offset=1, epoch="wrong-epoch"))
    assert (err.value.code, err.value.message) == (112, "unrecoverable position")


async def test_recovery_after_reconnect(make_client, api):
    channel = f"chat:{uid('recover')}"
    state = {"away": False, "error": None}

    async def publish_while_away(ctx):
        # on_connecting is awaited before the reconnect is scheduled.
        if state["away"]:
            state["away"] = False
            try:
                await publish_n(api, channel, 4, 6)
            except Exception as e:  # noqa: BLE001 - reported below
                state["error"] = e

    c = make_client(hooks={"connecting": publish_while_away})
    await c.connect()
    sub = await c.subscribed(channel)
    first = sub.subscribed_ctx
    assert first.recoverable is True
    epoch = first.stream_position.epoch

    await publish_n(api, channel, 1, 3)
    await sub.rec.wait("publication", n=3)

    state["away"] = True
    await api.disconnect(DisconnectRequest(
        user=c.user, disconnect=Disconnect(code=3011, reason="force reconnect")))
    connecting = await c.rec.wait("connecting", lambda x: x.code == 3011)
    assert connecting.reason == "force reconnect"
    again = await sub.rec.wait("subscribed", after=1)
    assert state["error"] is None, f"publishing while away failed: {state['error']!r}"
    assert state["away"] is False
    assert again.was_recovering is True
    assert again.recovered is True
    assert again.stream_position.epoch == epoch

    pubs = [ctx.pub for ctx in await sub.rec.wait("publication", n=6)]
    assert ns(pubs) == [1, 2, 3, 4, 5, 6]
    assert [p.offset for p in pubs] == [1, 2, 3, 4, 5, 6]
    await asyncio.sleep(0.3)
    assert sub.rec.count("publication") == 6, "no duplicates after recovery"


async def test_server_disconnect_terminal_code(connected, api):
    c = await connected()
    await api.disconnect(DisconnectRequest(user=c.user, disconnect=Disconnect(code=4501, reason="bye")))
    d = await c.rec.wait("disconnected")
    assert (d.code, d.reason) == (4501, "bye")
    await asyncio.sleep(1.0)
    assert c.client.state == ClientState.DISCONNECTED
    assert c.rec.count("connected") == 1


async def test_server_disconnect_reconnect_code(connected, api):
    c = await connected()
    first_id = c.client_id
    await api.disconnect(DisconnectRequest(user=c.user, disconnect=Disconnect(code=4001, reason="come back")))
    ctx = await c.rec.wait("connecting", lambda x: x.code == 4001)
    assert ctx.reason == "come back"
    again = await c.rec.wait("connected", after=1)
    assert again.client != first_id
    assert c.rec.count("disconnected") == 0


async def test_invalid_token_disconnects_3500(make_client):
    c = make_client(token=sign({"sub": uid("user"), "exp": now() + 3600}, "wrong-secret"))
    await c.client.connect()
    d = await c.rec.wait("disconnected")
    assert (d.code, d.reason) == (3500, "invalid token")
    await asyncio.sleep(0.8)
    assert c.client.state == ClientState.DISCONNECTED
    assert c.rec.count("connected") == 0


async def test_expired_token_109_then_get_token(make_client):
    user = uid("user")
    calls = []

    async def get_token():
        calls.append(1)
        return user_token(user)

    c = make_client(user=user, token=sign({"sub": user, "exp": now() - 120}), get_token=get_token)
    await c.client.connect()
    err = await c.rec.wait("error", lambda e: isinstance(e.error, ReplyError))
    assert err.error.code == 109
    assert err.error.message == "token expired"
    await c.rec.wait("connected")
    assert len(calls) == 1


async def test_permission_denied_subscribe_private(connected):
    c = await connected()
    sub = c.new_sub(f"private:{uid('x')}")
    await sub.subscribe()
    u = await sub.rec.wait("unsubscribed")
    assert (u.code, u.reason) == (103, "permission denied")
    assert sub.state == SubscriptionState.UNSUBSCRIBED
    await asyncio.sleep(0.3)
    assert c.client.state == ClientState.CONNECTED
    assert c.rec.count("connecting") == 1
    ok = await c.subscribed(f"chat:{uid('after')}")
    assert ok.state == SubscriptionState.SUBSCRIBED


async def test_client_history_and_presence_errors(connected):
    c = await connected()
    with pytest.raises(ReplyError) as err:
        await c.client.history(f"chat:{uid('h')}", limit=1)
    assert err.value.code == 103
    channel = f"nohist:{uid('h')}"
    await c.subscribed(channel)
    with pytest.raises(ReplyError) as err:
        await c.client.history(channel, limit=1)
    assert (err.value.code, err.value.message) == (108, "not available")
    with pytest.raises(ReplyError) as err:
        await c.client.presence(channel)
    assert err.value.code == 108


@pytest.mark.timeout(120)
async def test_stays_connected_60s_under_websockets_default_keepalive(connected, api):
    """Issue 14: centrifuge-python rides on `websockets`, whose default keepalive sends a
    WebSocket Ping every 20 s and closes the connection when no Pong comes within 20 s.
    A server that ignores Pings loses every Python client after about 40 s. This asserts
    that no disconnect or resubscribe happened over 60 s, not how long anything took."""
    c = await connected()
    channel = f"chat:{uid('keepalive')}"
    sub = await c.subscribed(channel)
    client_id = c.client_id
    before = (c.rec.count("connecting"), sub.rec.count("subscribing"))
    await asyncio.sleep(60)
    assert c.rec.count("disconnected") == 0, c.rec.log["disconnected"]
    assert (c.rec.count("connecting"), sub.rec.count("subscribing")) == before, c.rec.order
    assert c.client.state == ClientState.CONNECTED
    assert sub.state == SubscriptionState.SUBSCRIBED
    await api.publish(PublishRequest(channel=channel, data={"still": "here"}))
    pub = (await sub.rec.wait("publication")).pub
    assert pub.data == {"still": "here"}
    assert c.client.client_id == client_id


async def test_personal_channel_is_a_server_side_subscription(connected, api):
    """Issue 14: with client.subscribe_to_user_personal_channel, every connection is
    subscribed server-side to `#<user>`: the client-level subscribed and publication events
    of centrifuge-python fire for it (its own server-side-subscription test waits on them)."""
    c = await connected()
    personal = f"#{c.user}"
    ctx = await c.rec.wait("subscribed", lambda x: x.channel == personal)
    assert ctx.channel == personal
    await api.publish(PublishRequest(channel=personal, data={"for": c.user}))
    pub = await c.rec.wait("publication", lambda x: x.channel == personal)
    assert pub.pub.data == {"for": c.user}
