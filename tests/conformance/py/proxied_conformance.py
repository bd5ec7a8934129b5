"""Proxies with centrifuge-python: run only by tests/it/proxy_conformance.rs, which starts a
real HTTP backend and a server whose connect, subscribe and publish (namespace "px") and rpc
proxies point at it (the file name keeps it out of the default pytest run). The backend's
contract is written in tests/conformance/js/proxied.conformance.mjs."""

import pytest
from centrifuge import ClientState, ReplyError

from conftest import enc, from_wire, uid


async def proxied(make_client, user):
    return await make_client(user=user, token="", data=enc({"user": user})).connect()


async def test_connect_proxy_names_the_user(make_client):
    user = uid("px")
    c = await proxied(make_client, user)
    ctx = c.rec.log["connected"][0]
    assert ctx.client
    assert ctx.data == {"hello": user}
    assert c.client.state == ClientState.CONNECTED


async def test_connect_proxy_disconnect(make_client):
    c = make_client(user="denied", token="", data=enc({"user": "denied"}))
    await c.client.connect()
    d = await c.rec.wait("disconnected")
    assert (d.code, d.reason) == (4501, "denied by backend")
    assert c.rec.count("connected") == 0


async def test_subscribe_proxy_allows_and_denies(make_client):
    c = await proxied(make_client, uid("px"))
    ch = f"px:{uid('room')}"
    ok = c.new_sub(ch)
    await ok.subscribe()
    ctx = await ok.rec.wait("subscribed")
    assert ctx.data == {"welcome": ch}
    no = c.new_sub(f"px:denied-{uid('room')}")
    await no.subscribe()
    u = await no.rec.wait("unsubscribed")
    assert u.code == 1403
    assert no.rec.count("subscribed") == 0


async def test_publish_proxy_rewrites(make_client):
    user = uid("px")
    c = await proxied(make_client, user)
    s = await c.subscribed(f"px:{uid('chat')}")
    await s.publish(enc({"n": 1}))
    pub = (await s.rec.wait("publication")).pub
    assert pub.data == {"by_backend": True, "original": {"n": 1}}
    assert pub.info.user == user


async def test_rpc_proxy_answers_and_errors(make_client):
    user = uid("px")
    c = await proxied(make_client, user)
    res = await c.client.rpc("echo", enc({"x": 1}))
    assert from_wire(res).data == {"method": "echo", "echo": {"x": 1}, "user": user}
    with pytest.raises(ReplyError) as err:
        await c.client.rpc("fail", enc({}))
    assert err.value.code == 1500
