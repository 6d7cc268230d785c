"""The server's ASGI handler: Django's, with two changes to how a request reaches its view.

1. Each page's synchronous part runs on one of a fixed set of threads. Django's own handler enters a new
   `ThreadSensitiveContext` for every request, and asgiref then starts a new thread for it, so every request
   pays for a thread's start and stop (and Python scans every thread at each start) and opens its own database
   connection, since connections belong to threads. Here the process keeps `threads` single-thread executors
   for its life; each request is given the one with the fewest requests in flight (asgiref's
   `ThreadSensitiveContext(executor=…)`: the caller owns the executor and it outlives the context). A
   request's synchronous code still runs on one thread from start to end, as Django requires, and a slow
   request (a PDF) holds up only the requests that share its thread while the others go to the rest.
2. A request for a synchronous view is answered in one step on its thread: Django's `request_started`, the
   middleware chain Django builds for WSGI (the one the test client runs) with the view, and, for an answer
   that is not streamed, its `close()` (`request_finished`: the database connection's check), before the
   event loop sends it. Django's handler crosses into the thread for each of the three, and its ASGI chain
   is built for an async view: since some middleware are synchronous only (WhiteNoise's, allauth's user
   sessions, ours), it goes into the thread, back into the event loop to find the view, and into the thread
   again to run it; under load each crossing waits for the event loop (`/healthz` without a session under 20
   clients: 1.37 ms of the server's CPU a request with three crossings, 0.95 with one). A streamed answer (a
   file) is sent as Django sends it, watching for the client to leave, and closed after. A request for an
   async view (the live exercise) takes Django's chain as before, on a thread of its own as under Django's
   handler: such a view may wait long (a vote waits for its batch's commit) while the middleware above it
   hold its thread, and that must not hold up pages.
"""

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

from asgiref.sync import ThreadSensitiveContext, iscoroutinefunction, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import FileResponse
from django.urls import get_resolver, set_script_prefix


def resolves_to_async_view(urlconf: str, path_info: str) -> bool:
    """Whether the view the path leads to is a coroutine function. A path that leads nowhere, or that the
    resolver fails on: no, and Django's synchronous chain resolves it again and answers (404, or its error
    page), as it would under Django's handler."""
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Exception:  # noqa: BLE001 (Http404 and any other: only the route is decided here)
        return False
    return iscoroutinefunction(match.func)


# Resolving takes 10–110 µs, in the event loop; the answer is kept for the last 4096 paths of at most 256
# characters (a longer one is resolved each time, so the cache stays small whatever paths are sent).
_kept_answers = functools.lru_cache(maxsize=4096)(resolves_to_async_view)


def view_is_async(urlconf: str, path_info: str) -> bool:
    if len(path_info) > 256:
        return resolves_to_async_view(urlconf, path_info)
    return _kept_answers(urlconf, path_info)


def path_info(scope) -> str:
    """The request's path below the script prefix, as Django's `ASGIRequest` works it out."""
    path, prefix = scope["path"], get_script_prefix(scope).rstrip("/")
    if prefix and (path.startswith(prefix + "/") or path == prefix):
        return path[len(prefix) :]
    return path


class _Sent(Exception):
    """The streamed answer is sent: ends the task group that watched for the client leaving."""


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
        self.sync_chain = BaseHandler()
        self.sync_chain.load_middleware(is_async=False)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            # Django's handler says the same (it serves HTTP only; uvicorn answers lifespan itself).
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        if view_is_async(settings.ROOT_URLCONF, path_info(scope)):
            return await super().__call__(scope, receive, send)  # Django's: a new thread for the request
        # No await between choosing and counting: the event loop runs one coroutine at a time here.
        index = min(range(len(self.in_flight)), key=self.in_flight.__getitem__)
        self.in_flight[index] += 1
        try:
            async with ThreadSensitiveContext(executor=self.executors[index]):
                await self.handle(scope, receive, send)
        finally:
            self.in_flight[index] -= 1

    async def handle(self, scope, receive, send):
        if view_is_async(settings.ROOT_URLCONF, path_info(scope)):
            return await super().handle(scope, receive, send)  # Django's handle and async middleware chain
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        with closing(body_file):
            set_script_prefix(get_script_prefix(scope))
            response = await sync_to_async(self.respond)(scope, body_file)
            if not response.streaming:
                await self.send_response(response, send)  # a client that left: the server drops it
                return
            await self.send_streamed(response, receive, send)
            await sync_to_async(response.close)()

    async def send_streamed(self, response, receive, send):
        """Send a streamed answer as Django's `handle` does: stopped when the client leaves; an error while sending
        is raised as itself, not in the task group's wrapping."""
        try:
            try:
                async with asyncio.TaskGroup() as group:
                    group.create_task(self.listen_for_disconnect(receive))
                    await self.send_response(response, send)
                    raise _Sent
            except* (_Sent, RequestAborted):
                pass
        except BaseExceptionGroup as errors:
            if len(errors.exceptions) == 1:
                raise errors.exceptions[0]  # noqa: B904 (the group is only the task group's wrapping)
            raise

    def respond(self, scope, body_file):
        """The answer to a request for a synchronous view, on its thread: what Django's `handle` does there in
        three steps, in one."""
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.sync_chain.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        return response
