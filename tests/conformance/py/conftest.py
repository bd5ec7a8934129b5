"""Shared fixtures for the centrifuge-python / cent conformance suite.

The suite never starts a server: it talks to the one named by CENTRI_URL and
fails (never skips) when that variable is missing.
"""

import asyncio
import dataclasses
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import urlparse

import jwt
import pytest
import pytest_asyncio
from cent import AsyncClient as CentAsyncClient
from cent import Client as CentClient
from centrifuge import Client, ClientEventHandler, SubscriptionEventHandler

WAIT = 5.0  # bound of every wait on an event, in seconds

# Client protocol of every centrifuge.Client the suite creates: CENTRI_PROTOCOL=json (default)
# or protobuf (use_protobuf=True: binary frames, WebSocket subprotocol `centrifuge-protobuf`).
# In protobuf mode payloads cross the SDK as bytes: tests pass data through enc() and read SDK
# results through from_wire(); the Recorder decodes events. The server API (cent) is JSON either way.
PROTOCOL = os.environ.get("CENTRI_PROTOCOL", "json")
if PROTOCOL not in ("json", "protobuf"):
    raise RuntimeError(f'CENTRI_PROTOCOL must be "json" or "protobuf", not {PROTOCOL!r}')
PROTOBUF = PROTOCOL == "protobuf"


@dataclass(frozen=True)
class Env:
    http_url: str
    ws_url: str
    api_url: str
    api_key: str
    secret: str


def read_env() -> Env:
    raw = os.environ.get("CENTRI_URL")
    if not raw:
        pytest.fail(
            "CENTRI_URL is not set: export CENTRI_URL=http://127.0.0.1:PORT (plus CENTRI_API_KEY "
            "and CENTRI_HMAC_SECRET) pointing at a running centri started with "
            "tests/conformance/config.json. The conformance suite does not start the server "
            "and never skips.",
            pytrace=False,
        )
    base = raw.rstrip("/")
    u = urlparse(base)
    ws_scheme = "wss" if u.scheme == "https" else "ws"
    return Env(
        http_url=base,
        ws_url=f"{ws_scheme}://{u.netloc}/connection/websocket",
        api_url=f"{base}/api",
        api_key=os.environ.get("CENTRI_API_KEY", "conformance-api-key"),
        secret=os.environ.get("CENTRI_HMAC_SECRET", "conformance-secret"),
    )


@pytest.fixture(autouse=True)
def env() -> Env:
    """Autouse: every test errors out loudly when CENTRI_URL is missing."""
    return read_env()


def uid(prefix: str = "x") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def now() -> int:
    return int(time.time())


def enc(value: Any) -> Any:
    """Payload for the SDK (publish, rpc, send, connect/subscription data): the value itself in
    JSON mode, its JSON text as UTF-8 bytes in protobuf mode."""
    return json.dumps(value).encode() if PROTOBUF else value


def dec(data: Any) -> Any:
    """Payload from the SDK back to a value. Protobuf mode: bytes hold JSON text (no bytes, as
    protobuf sends for an absent field, is None); anything but bytes is an error, so a client
    that silently spoke JSON fails. JSON mode: the value itself, and bytes are an error."""
    if data is None:
        return None
    if PROTOBUF:
        if not isinstance(data, bytes):
            raise AssertionError(f"protobuf mode: the SDK gave a non-binary payload: {data!r}")
        return json.loads(data.decode("utf-8")) if data else None
    if isinstance(data, bytes):
        raise AssertionError(f"json mode: the SDK gave a binary payload: {data!r}")
    return data


def from_wire(x: Any) -> Any:
    """An SDK event context or result (dataclasses) with its payloads decoded by dec(): `data`,
    `conn_info`/`chan_info` of client info, `pub`/`info`, history `publications`, presence
    `clients`. Returns a copy; the SDK's own objects are left as they are."""
    if not dataclasses.is_dataclass(x) or isinstance(x, type):
        return x
    changes: Dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(x)}
    for name in ("data", "conn_info", "chan_info"):
        if name in names:
            changes[name] = dec(getattr(x, name))
    for name in ("pub", "info"):
        if name in names:
            changes[name] = from_wire(getattr(x, name))
    if "publications" in names and x.publications is not None:
        changes["publications"] = [from_wire(p) for p in x.publications]
    if "clients" in names and x.clients is not None:
        changes["clients"] = {k: from_wire(v) for k, v in x.clients.items()}
    return dataclasses.replace(x, **changes) if changes else x


def sign(claims: Dict[str, Any], secret: Optional[str] = None) -> str:
    return jwt.encode(claims, secret or read_env().secret, algorithm="HS256")


def user_token(user: str, **claims: Any) -> str:
    return sign({"sub": user, "exp": now() + 3600, **claims})


def api_raw(
    method: str,
    body: Any,
    api_key: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
    http_method: str = "POST",
):
    """Plain urllib request to /api/<method>: returns (status, body text)."""
    e = read_env()
    data = body if isinstance(body, (bytes, type(None))) else (
        body.encode() if isinstance(body, str) else json.dumps(body).encode()
    )
    h = {"Content-Type": "application/json"}
    if api_key is not False:
        h["X-API-Key"] = e.api_key if api_key is None else api_key
    h.update(headers or {})
    req = urllib.request.Request(f"{e.api_url}/{method}", data=data, headers=h, method=http_method)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=WAIT) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


class Recorder:
    """Records events as they happen so a test can wait for one that already fired.

    Contexts are recorded through from_wire(), so payloads read the same in both protocols; a
    payload that cannot be decoded fails every later wait instead of raising into the SDK."""

    def __init__(self, label: str):
        self.label = label
        self.log: Dict[str, List[Any]] = defaultdict(list)
        self.order: List[str] = []
        self.decode_errors: List[str] = []
        self._changed = asyncio.Event()

    def record(self, name: str, ctx: Any) -> Any:
        try:
            ctx = from_wire(ctx)
        except Exception as e:  # noqa: BLE001 - reported by wait()
            self.decode_errors.append(f"{name!r}: {e!r}")
        self.log[name].append(ctx)
        self.order.append(name)
        self._changed.set()
        return ctx

    def count(self, name: str) -> int:
        return len(self.log[name])

    async def wait(
        self,
        name: str,
        pred: Callable[[Any], bool] = lambda _: True,
        after: int = 0,
        n: int = 1,
        timeout: float = WAIT,
    ):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self.decode_errors:
                raise AssertionError(
                    f"{self.label}: undecodable event payload(s): {'; '.join(self.decode_errors)}"
                )
            matches = [c for c in self.log[name][after:] if pred(c)]
            if len(matches) >= n:
                return matches[0] if n == 1 else matches[:n]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{self.label}: timed out after {timeout}s waiting for {n} matching "
                    f"'{name}' event(s); seen: {self.log[name][after:]!r}; "
                    f"last events: {self.order[-20:]}"
                )
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass


Hook = Callable[[Any], Awaitable[None]]


class ClientEvents(ClientEventHandler):
    def __init__(self, rec: Recorder, hooks: Optional[Dict[str, Hook]] = None):
        self.rec = rec
        self.hooks = hooks or {}

    async def _ev(self, name: str, ctx: Any) -> None:
        ctx = self.rec.record(name, ctx)
        hook = self.hooks.get(name)
        if hook is not None:
            await hook(ctx)

    async def on_connecting(self, ctx):
        await self._ev("connecting", ctx)

    async def on_connected(self, ctx):
        await self._ev("connected", ctx)

    async def on_disconnected(self, ctx):
        await self._ev("disconnected", ctx)

    async def on_error(self, ctx):
        await self._ev("error", ctx)

    async def on_subscribed(self, ctx):
        await self._ev("subscribed", ctx)

    async def on_subscribing(self, ctx):
        await self._ev("subscribing", ctx)

    async def on_unsubscribed(self, ctx):
        await self._ev("unsubscribed", ctx)

    async def on_publication(self, ctx):
        await self._ev("publication", ctx)

    async def on_join(self, ctx):
        await self._ev("join", ctx)

    async def on_leave(self, ctx):
        await self._ev("leave", ctx)


class SubEvents(SubscriptionEventHandler):
    def __init__(self, rec: Recorder):
        self.rec = rec

    async def on_subscribing(self, ctx):
        self.rec.record("subscribing", ctx)

    async def on_subscribed(self, ctx):
        self.rec.record("subscribed", ctx)

    async def on_unsubscribed(self, ctx):
        self.rec.record("unsubscribed", ctx)

    async def on_publication(self, ctx):
        self.rec.record("publication", ctx)

    async def on_join(self, ctx):
        self.rec.record("join", ctx)

    async def on_leave(self, ctx):
        self.rec.record("leave", ctx)

    async def on_error(self, ctx):
        self.rec.record("error", ctx)


class Conn:
    """A centrifuge.Client with its Recorder, user and subscriptions."""

    def __init__(self, client: Client, rec: Recorder, user: str):
        self.client = client
        self.rec = rec
        self.user = user
        self.client_id: Optional[str] = None

    async def connect(self) -> "Conn":
        await self.client.connect()
        ctx = await self.rec.wait("connected")
        self.client_id = ctx.client
        return self

    def new_sub(self, channel: str, **kwargs):
        rec = Recorder(f"sub({channel})")
        sub = self.client.new_subscription(channel, events=SubEvents(rec), **kwargs)
        sub.rec = rec
        return sub

    async def subscribed(self, channel: str, **kwargs):
        sub = self.new_sub(channel, **kwargs)
        await sub.subscribe()
        sub.subscribed_ctx = await sub.rec.wait("subscribed")
        return sub


@pytest_asyncio.fixture
async def make_client(env: Env):
    """Factory of centrifuge.Client instances, all disconnected at teardown."""
    created: List[Conn] = []

    def factory(
        user: Optional[str] = None,
        token: Optional[str] = None,
        hooks: Optional[Dict[str, Hook]] = None,
        **kwargs: Any,
    ) -> Conn:
        user = user or uid("user")
        rec = Recorder(f"client({user})")
        client = Client(
            env.ws_url,
            events=ClientEvents(rec, hooks),
            token=user_token(user) if token is None else token,
            timeout=4.0,
            min_reconnect_delay=0.1,
            max_reconnect_delay=1.0,
            proxy=None,
            use_protobuf=PROTOBUF,
            **kwargs,
        )
        tc = Conn(client, rec, user)
        created.append(tc)
        return tc

    yield factory

    for tc in created:
        try:
            await asyncio.wait_for(tc.client.disconnect(), 3)
        except Exception:  # noqa: BLE001 - teardown must go on
            pass


@pytest_asyncio.fixture
async def connected(make_client):
    """Factory: a connected Conn."""

    async def factory(**kwargs: Any) -> Conn:
        return await make_client(**kwargs).connect()

    return factory


@pytest_asyncio.fixture
async def api(env: Env):
    """cent.AsyncClient pointed at the server API."""
    client = CentAsyncClient(env.api_url, env.api_key, timeout=WAIT)
    yield client
    await client.close()


@pytest.fixture
def sync_api(env: Env):
    """cent.Client (sync, requests-based) pointed at the server API."""
    return CentClient(env.api_url, env.api_key, timeout=WAIT)
