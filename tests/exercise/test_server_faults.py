"""Faults, with a real server in a subprocess: a server killed right after answering (SIGKILL) loses no vote it
answered "saved"; with Redis stopped under a running session, the exercise and the log-in pages keep working,
fan-out stays local, and the big screen warns the facilitator."""

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.exercise.server_process import csrf, free_port, prepare, run_async, start


async def _join(base: str, code: str, count: int) -> tuple[str, list[str]]:
    """`count` phones join; the CSRF token to use and their participant tokens."""
    import aiohttp

    async with aiohttp.ClientSession(base_url=base) as http:
        async with http.get(f"/ovelse/{code}/") as page:
            token = csrf(await page.text())
            cookie = page.cookies["csrftoken"].value
        tokens = []
        for _ in range(count):
            async with http.post(
                f"/ovelse/{code}/",
                data={"csrfmiddlewaretoken": token},
                headers={"Cookie": f"csrftoken={cookie}"},
                allow_redirects=False,
            ) as joined:
                assert joined.status == 302
                tokens.append(joined.cookies["balanse_exercise"].value)
    return f"{cookie}|{token}", tokens


async def _control(base: str, info: dict, action: str) -> int:
    import aiohttp

    # unsafe=True: keep cookies from an IP-address host (127.0.0.1).
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(
        base_url=base, cookie_jar=jar, cookies={"sessionid": info["sessionid"]}
    ) as http:
        async with http.get(f"/fasilitator/ovelse/{info['pk']}/") as page:
            token = csrf(await page.text())
        async with http.post(
            f"/fasilitator/ovelse/{info['pk']}/styr/",
            data={"csrfmiddlewaretoken": token, "action": action},
            allow_redirects=False,
        ) as response:
            return response.status


def _stored_votes(env: dict) -> dict[tuple[str, int], int]:
    path = env["DATABASE_URL"][len("sqlite:///") :]
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "select p.token, v.relation, v.value from exercise_vote v "
            "join exercise_participant p on p.id = v.participant_id"
        ).fetchall()
    return {(token, relation): value for token, relation, value in rows}


def test_vote_answered_ok_survives_sigkill_right_after_the_answer(tmp_path):
    env, info = prepare(tmp_path)
    server, base = start(env)
    answered: dict[tuple[str, int], int] = {}
    try:
        csrf_pair, tokens = run_async(_join(base, info["code"], 40))
        assert run_async(_control(base, info, "open")) == 302
        cookie, token = csrf_pair.split("|")

        async def vote_then_kill():
            import aiohttp

            async with aiohttp.ClientSession(base_url=base) as http:
                page = await http.get(
                    f"/ovelse/{info['code']}/", headers={"Cookie": f"balanse_exercise={tokens[0]}"}
                )
                scenario = int(
                    __import__("re").search(r'name="scenario" value="(\d+)"', await page.text()).group(1)
                )
                killed = asyncio.Event()

                async def one(i: int, phone: str):
                    value = 1 + i % 10
                    try:
                        async with http.post(
                            f"/ovelse/{info['code']}/stem/",
                            data={"csrfmiddlewaretoken": token, "scenario": scenario, "relation-1": value},
                            headers={
                                "Cookie": f"csrftoken={cookie}; balanse_exercise={phone}",
                                "Accept": "application/json",
                            },
                        ) as response:
                            body = await response.read()
                            if response.status == 200 and not killed.is_set():
                                assert json.loads(body)["ok"] is True
                                answered[(phone, 1)] = value
                                if len(answered) >= 10:  # kill the server the moment the 10th answer is read
                                    killed.set()
                                    os.kill(server.pid, signal.SIGKILL)
                    except aiohttp.ClientError:
                        pass  # no answer: the phone was not told "saved"

                await asyncio.gather(*(one(i, phone) for i, phone in enumerate(tokens)))

        run_async(vote_then_kill())
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(timeout=10)
    assert server.returncode == -signal.SIGKILL
    assert len(answered) >= 10
    stored = _stored_votes(env)
    assert {key: stored.get(key) for key in answered} == answered


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of the test's own on a free port (never the shared one), which the test may stop and start."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()

    def start_redis():
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(tmp_path),
                "--pidfile",
                str(tmp_path / "redis.pid"),
            ],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip()
            != b"PONG"
        ):
            assert time.monotonic() < deadline, "Redis did not start"
            time.sleep(0.05)

    def stop_redis():
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            assert time.monotonic() < deadline, "Redis did not stop"
            time.sleep(0.05)

    start_redis()
    try:
        yield port, start_redis, stop_redis
    finally:
        stop_redis()


def test_exercise_keeps_working_with_redis_down(tmp_path, own_redis):
    port, start_redis, stop_redis = own_redis
    env, info = prepare(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
    server, base = start(env)
    code = info["code"]

    async def session_without_redis():
        import aiohttp

        _pair, (first,) = await _join(base, code, 1)
        events: asyncio.Queue = asyncio.Queue()
        async with aiohttp.ClientSession(base_url=base) as http:
            stream = await http.get(
                f"/ovelse/{code}/direkte/", headers={"Cookie": f"balanse_exercise={first}"}
            )
            assert stream.status == 200

            async def read():
                async for raw in stream.content:
                    if raw.startswith(b"data:"):
                        await events.put(json.loads(raw[5:]))

            reader = asyncio.create_task(read())
            assert (await asyncio.wait_for(events.get(), 5))["phase"] == "pending"

            stop_redis()
            # Joining, opening, the push to the phone (in this process) and voting still work.
            pair, (second,) = await _join(base, code, 1)
            assert await _control(base, info, "open") == 302
            event = await asyncio.wait_for(events.get(), 10)
            assert (event["phase"], event["index"]) == ("open", 0)
            cookie, token = pair.split("|")
            page = await http.get(f"/ovelse/{code}/", headers={"Cookie": f"balanse_exercise={second}"})
            scenario = __import__("re").search(r'name="scenario" value="(\d+)"', await page.text()).group(1)
            voted = await http.post(
                f"/ovelse/{code}/stem/",
                data={"csrfmiddlewaretoken": token, "scenario": scenario, "relation-0": "6"},
                headers={
                    "Cookie": f"csrftoken={cookie}; balanse_exercise={second}",
                    "Accept": "application/json",
                },
            )
            assert voted.status == 200
            # The facilitator is told; the log-in pages work.
            screen = await http.get(
                f"/fasilitator/ovelse/{info['pk']}/", cookies={"sessionid": info["sessionid"]}
            )
            assert "Direkteoppdateringer når kanskje bare en del av salen" in await screen.text()
            async with aiohttp.ClientSession(
                base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True)
            ) as visitor:
                login = await visitor.get("/konto/login/")
                assert login.status == 200
                attempt = await visitor.post(
                    "/konto/login/",
                    data={
                        "csrfmiddlewaretoken": csrf(await login.text()),
                        "login": "nobody@example.org",
                        "password": "wrong-password-1",
                    },
                )
                assert "feil" in (await attempt.text()).lower()
                assert attempt.status == 200
            reader.cancel()

    try:
        run_async(session_without_redis())
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert _stored_votes(env)[next(iter(_stored_votes(env)))] == 6
