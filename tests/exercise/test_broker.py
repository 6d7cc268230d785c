import asyncio
import json
import threading

from django.test import override_settings

from balanse.exercise import broker
from tests.exercise.conftest import run_in_own_loop


@override_settings(REDIS_URL="")
def test_publish_delivers_one_frame_to_every_queue_with_one_wakeup_per_loop():
    async def scenario():
        loop = asyncio.get_running_loop()
        queues = [broker.subscribe("bench-test:all") for _ in range(50)]
        wakeups = []
        original = loop.call_soon_threadsafe

        def counting(callback, *args, **kwargs):
            wakeups.append(callback)
            return original(callback, *args, **kwargs)

        loop.call_soon_threadsafe = counting
        try:
            thread = threading.Thread(
                target=broker.publish, args=("bench-test:all", {"type": "state", "index": 3})
            )
            thread.start()
            thread.join()
            frames = [await asyncio.wait_for(queue.get(), 2) for queue in queues]
        finally:
            del loop.call_soon_threadsafe
            for queue in queues:
                broker.unsubscribe("bench-test:all", queue)
        return frames, wakeups

    frames, wakeups = run_in_own_loop(scenario())
    assert len(wakeups) == 1
    assert frames[0] == b'event: state\ndata: {"type": "state", "index": 3}\n\n'
    assert json.loads(frames[0].split(b"data: ")[1]) == {"type": "state", "index": 3}
    assert all(frame is frames[0] for frame in frames)
    assert broker.subscriber_count("bench-test:all") == 0


@override_settings(REDIS_URL="")
def test_publish_keeps_only_the_newest_frames_for_a_slow_queue():
    async def scenario():
        queue = broker.subscribe("slow-test:all")
        try:
            for i in range(broker.QUEUE_SIZE + 5):
                broker.publish("slow-test:all", {"i": i})
            await asyncio.sleep(0.05)
            frames = []
            while not queue.empty():
                frames.append(queue.get_nowait())
        finally:
            broker.unsubscribe("slow-test:all", queue)
        return frames

    frames = run_in_own_loop(scenario())
    assert len(frames) == broker.QUEUE_SIZE
    assert frames[0] == b'event: message\ndata: {"i": 5}\n\n'
    assert frames[-1] == broker.sse_frame({"i": broker.QUEUE_SIZE + 4})
