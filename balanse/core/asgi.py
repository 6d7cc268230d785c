"""Django's ASGI handler with the synchronous part of each request run on one of a fixed set of threads.

Django's own handler enters a new `ThreadSensitiveContext` for every request, and asgiref then starts a new
thread for it, so every request pays for a thread's start and stop (and Python scans every thread at each
start) and opens its own database connection, since connections belong to threads. Here the process keeps
`threads` single-thread executors for its life; each request is given the one with the fewest requests in
flight (asgiref's `ThreadSensitiveContext(executor=…)`: the caller owns the executor and it outlives the
context). A request's synchronous code still runs on one thread from start to end, as Django requires, and a
slow request (a PDF) holds up only the requests that share its thread while the others go to the rest.
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler


class PooledThreadsASGIHandler(ASGIHandler):
    def __init__(self, threads: int):
        super().__init__()
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"balanse-request-{index}")
            for index in range(threads)
        ]
        self.in_flight = [0] * threads

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            # Django's handler says the same (it serves HTTP only; uvicorn answers lifespan itself).
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # No await between choosing and counting: the event loop runs one coroutine at a time here.
        index = min(range(len(self.in_flight)), key=self.in_flight.__getitem__)
        self.in_flight[index] += 1
        try:
            async with ThreadSensitiveContext(executor=self.executors[index]):
                await self.handle(scope, receive, send)
        finally:
            self.in_flight[index] -= 1
