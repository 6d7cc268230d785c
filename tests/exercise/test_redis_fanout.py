"""Several server processes share one session through Redis pub/sub.

Two `uvicorn balanse.asgi:application` processes run against one SQLite file and one Redis (REDIS_URL, else
the local one, else a redis-server started for the test); the facilitator acts on process A and the phone's
push stream, served by process B, follows; a vote sent to A reaches the big screen's stream on B.
"""

import asyncio
import json
import os
import re
import shutil
import subprocess
import uuid

import pytest

from tests.exercise.server_process import csrf, free_port, prepare, start, wait_for

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_url(tmp_path):
    """REDIS_URL, else the local Redis, else a Redis server of this test's own (when redis-server is
    installed): only a machine without any Redis skips the test."""
    if _redis_reachable(REDIS_URL):
        yield REDIS_URL
        return
    if os.environ.get("REDIS_URL"):
        pytest.fail(f"Redis is not reachable at REDIS_URL={REDIS_URL}")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip(
            f"no Redis at {REDIS_URL} and no redis-server installed: fan-out across processes needs one"
        )
    port = free_port()
    command = [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        wait_for(port, timeout=20)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def two_servers(tmp_path, redis_url):
    # prepare() gives this run channels of its own, whoever else uses the same Redis.
    env, info = prepare(tmp_path, REDIS_URL=redis_url)
    info |= {"prefix": env["EXERCISE_CHANNEL_PREFIX"], "redis_url": redis_url}
    servers = []
    try:
        for _server in range(2):
            servers.append(start(env))
        yield info, [url for _process, url in servers]
    finally:
        for process, _url in servers:
            process.terminate()
        for process, _url in servers:
            process.wait(timeout=10)


async def _events(response, queue: asyncio.Queue):
    async for raw in response.content:
        line = raw.decode().strip()
        if line.startswith("data:"):
            await queue.put(json.loads(line[5:]))


async def _next(queue: asyncio.Queue, predicate, timeout: float = 5.0, *, what: str = "event") -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            event = await asyncio.wait_for(queue.get(), max(remaining, 0.01))
        except TimeoutError:
            raise AssertionError(f"the stream did not deliver the {what} within {timeout} s") from None
        if predicate(event):
            return event


async def _subscribed(redis, channel: str, queue: asyncio.Queue, timeout: float = 20.0) -> None:
    """Wait until the server's Redis subscription is in place and feeds the stream that fills `queue`:
    publish a probe on the stream's channel until Redis answers that a subscriber received it (PUBLISH
    counts only the subscriptions matching this channel, so other users of the same Redis do not count),
    then wait for the probe to come out of the stream."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    from balanse.exercise.broker import sse_frame

    probe = {"type": "probe", "id": uuid.uuid4().hex}
    # The servers pass what comes over Redis straight to their streams: a ready server-sent event's bytes.
    while not await redis.publish(channel, sse_frame(probe)):
        if loop.time() > deadline:
            raise AssertionError(f"nothing subscribed to {channel} within {timeout} s")
        await asyncio.sleep(0.02)
    await _next(queue, lambda event: event == probe, timeout=timeout, what=f"probe published on {channel}")


async def _scenario_flow(info: dict, server_a: str, server_b: str) -> None:
    import aiohttp
    import redis.asyncio as aioredis
    from yarl import URL

    from balanse.exercise.broker import participants_channel, screen_channel

    code, pk = info["code"], info["pk"]

    def client(base: str, **kwargs):
        # unsafe=True: keep cookies from an IP-address host (127.0.0.1).
        return aiohttp.ClientSession(base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True), **kwargs)

    phone_a, phone_b = client(server_a), client(server_b)
    facilitator_a = client(server_a, cookies={"sessionid": info["sessionid"]})
    screen_b = client(server_b, cookies={"sessionid": info["sessionid"]})
    redis = aioredis.Redis.from_url(info["redis_url"])
    tasks = []
    try:
        # The phone joins through A; its cookie is used for its push stream on B.
        page = await (await phone_a.get(f"/ovelse/{code}/")).text()
        joined = await phone_a.post(f"/ovelse/{code}/", data={"csrfmiddlewaretoken": csrf(page)})
        assert joined.status == 200
        token = phone_a.cookie_jar.filter_cookies(URL(f"{server_a}/ovelse/{code}/"))["balanse_exercise"].value
        phone_b.cookie_jar.update_cookies({"balanse_exercise": token})

        phone_events: asyncio.Queue = asyncio.Queue()
        screen_events: asyncio.Queue = asyncio.Queue()
        phone_stream = await phone_b.get(f"/ovelse/{code}/direkte/")
        assert phone_stream.status == 200
        screen_stream = await screen_b.get(f"/fasilitator/ovelse/{pk}/direkte/")
        assert screen_stream.status == 200
        tasks += [
            asyncio.create_task(_events(phone_stream, phone_events)),
            asyncio.create_task(_events(screen_stream, screen_events)),
        ]
        first = await _next(phone_events, lambda e: True)
        assert (first["type"], first["phase"], first["index"]) == ("state", "pending", 0)
        await _next(screen_events, lambda e: True)
        # B's one Redis subscription (made when its first stream opened) reaches both streams.
        await _subscribed(redis, info["prefix"] + participants_channel(pk), phone_events)
        await _subscribed(redis, info["prefix"] + screen_channel(pk), screen_events)

        # The facilitator opens the scenario on A; the phone on B hears it.
        screen_page = await (await facilitator_a.get(f"/fasilitator/ovelse/{pk}/")).text()
        opened = await facilitator_a.post(
            f"/fasilitator/ovelse/{pk}/styr/",
            data={"csrfmiddlewaretoken": csrf(screen_page), "action": "open"},
        )
        assert opened.status == 200
        event = await _next(phone_events, lambda e: e.get("phase") == "open", what="opened scenario")
        assert (event["index"], event["state"]) == (0, "running")

        # A vote sent to A reaches the big screen's stream on B.
        phone_page = await (await phone_a.get(f"/ovelse/{code}/")).text()
        scenario = re.search(r'name="scenario" value="(\d+)"', phone_page).group(1)
        voted = await phone_a.post(
            f"/ovelse/{code}/stem/",
            data={"csrfmiddlewaretoken": csrf(phone_page), "scenario": scenario, "relation-0": "4"},
            headers={"Accept": "application/json"},
        )
        assert voted.status == 200
        assert await _next(screen_events, lambda e: e.get("type") == "vote", what="vote") == {
            "type": "vote",
            "scenario": int(scenario),
        }
    finally:
        for task in tasks:
            task.cancel()
        for session in (phone_a, phone_b, facilitator_a, screen_b):
            await session.close()
        await redis.aclose()


def test_redis_fanout_reaches_stream_served_by_other_process(two_servers):
    info, (server_a, server_b) = two_servers
    # Run the client in its own thread: a browser test earlier in this worker may have left Playwright's
    # event loop running in the main thread, where asyncio.run() is refused.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _scenario_flow(info, server_a, server_b)).result(timeout=120)
