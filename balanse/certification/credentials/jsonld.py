"""JSON-LD for the credentials: contexts from files in the repository, RDF Dataset Canonicalization.

Every context is loaded from `vendor/contexts/` by a document loader that refuses any other URL, so signing
and verifying never go to the network and a document naming an unknown context is an error. Expansion that
would drop a term (an undefined property, a relative IRI) is an error too: a term the RDF conversion drops is
a term the signature does not cover.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pyld import jsonld
from pyld.context_resolver import ContextResolver

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"

CONTEXT_FILES = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_CONTEXT: "data-integrity-v2.jsonld",
    MULTIKEY_CONTEXT: "multikey-v1.jsonld",
    CID_CONTEXT: "cid-v1.jsonld",
}

# At most this many objects without an `id` (blank nodes) in a document we canonicalise: ours have four.
# RDF canonicalisation of many look-alike blank nodes costs factorial time, so untrusted input is bounded.
MAX_BLANK_NODES = 8
MAX_DEPTH = 12
# Ours have about 60 values; expanding and canonicalising costs time in proportion to them.
MAX_VALUES = 400


class JsonLdError(ValueError):
    """The document cannot be processed safely as JSON-LD (the message says why, in English)."""


class UnknownContextError(JsonLdError):
    pass


@cache
def load_context(url: str) -> dict:
    """The vendored context document for `url`; any other URL is refused."""
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContextError(f"unknown JSON-LD context {url!r} (contexts are never fetched)")
    with (VENDOR_DIR / "contexts" / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _loader(extra: Mapping[str, dict] | None = None):
    def load(url: str, options=None) -> dict:
        if extra and url in extra:
            return {"contextUrl": None, "documentUrl": url, "document": extra[url]}
        # The vendored files never change while the process runs: 'static' lets pyld keep them resolved.
        return {"contextUrl": None, "documentUrl": url, "document": load_context(url), "tag": "static"}

    return load


# Our own cache of resolved contexts: pyld's default one is shared by every caller in the process, and a
# context resolved there by another loader must never be accepted here without our loader seeing its URL.
_resolved: dict = {}  # only ever holds the few vendored contexts


def _options(extra: Mapping[str, dict] | None) -> dict:
    loader = _loader(extra)
    # A call with extra contexts (the W3C test vectors) gets a cache of its own that dies with it.
    resolver = ContextResolver({} if extra else _resolved, loader)
    return {"documentLoader": loader, "contextResolver": resolver, "base": None}


def _refuse_drop(term) -> None:
    raise JsonLdError(f"term {term!r} is not defined by the document's contexts")


def check_shape(document: dict, *, known_contexts: bool = True) -> None:
    """Refuse JSON-LD shapes our documents never have and a verifier should not have to reason about.

    The top-level `@context` must be a list of context URLs (known ones, unless `known_contexts` is off for
    a test vector); no other key may start with `@`; no blank node may be named (`_:`); and the number of
    values, of objects without an `id` and the nesting depth are bounded (what verification costs is bounded
    before pyld sees the document).
    """

    def check_context(context) -> None:
        if not isinstance(context, list) or not context or not all(isinstance(c, str) for c in context):
            raise JsonLdError("@context must be a list of context URLs")
        if known_contexts:
            for url in context:
                if url not in CONTEXT_FILES:
                    raise UnknownContextError(f"unknown JSON-LD context {url!r} (contexts are never fetched)")

    check_context(document.get("@context"))
    blank = values = 0

    def walk(value, depth: int, context_allowed: bool) -> None:
        nonlocal blank, values
        values += 1
        if values > MAX_VALUES:
            raise JsonLdError("the document is too large for a credential")
        if depth > MAX_DEPTH:
            raise JsonLdError("the document is nested too deeply")
        if isinstance(value, dict):
            if depth and "id" not in value:
                blank += 1
                if blank > MAX_BLANK_NODES:
                    raise JsonLdError("too many objects without an id")
            for key, item in value.items():
                if key == "@context" and context_allowed:
                    check_context(item)  # the document's, or a proof's (Data Integrity allows one there)
                    continue
                if key.startswith("@"):
                    raise JsonLdError(f"JSON-LD keyword {key!r} is not allowed here")
                if key == "id" and isinstance(item, str) and item.startswith("_:"):
                    raise JsonLdError("named blank nodes are not allowed")
                walk(item, depth + 1, context_allowed=depth == 0 and key == "proof")
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1, context_allowed)

    walk(document, 0, True)


def _check_iris(expanded) -> None:
    """Every @id and @type left after expansion must be an absolute IRI (relative ones are dropped from RDF)."""
    if isinstance(expanded, list):
        for item in expanded:
            _check_iris(item)
        return
    if not isinstance(expanded, dict):
        return
    for key, value in expanded.items():
        if key in ("@id", "@type") and "@value" not in expanded:
            for iri in value if isinstance(value, list) else [value]:
                if not isinstance(iri, str) or ":" not in iri:
                    raise JsonLdError(f"{iri!r} is not defined by the document's contexts")
        elif key != "@value":
            _check_iris(value)


def expand(document: dict, *, extra_contexts: Mapping[str, dict] | None = None) -> list:
    """pyld's expansion with the vendored contexts; a dropped term or relative IRI is an error."""
    try:
        expanded = jsonld.JsonLdProcessor(on_property_dropped=_refuse_drop).expand(
            document, _options(extra_contexts)
        )
    except jsonld.JsonLdError as exc:
        raise _unwrap(exc) from exc
    _check_iris(expanded)
    return expanded


def canonicalize(document: dict, *, extra_contexts: Mapping[str, dict] | None = None) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0) of `document` as canonical N-Quads.

    pyld names the algorithm by its earlier name, URDNA2015; RDFC-1.0 gives the same output (the W3C
    eddsa-rdfc-2022 test vector in the tests proves it for the terms we use).
    """
    expanded = expand(document, extra_contexts=extra_contexts)
    options = _options(extra_contexts) | {"algorithm": "URDNA2015", "format": "application/n-quads"}
    try:
        return jsonld.JsonLdProcessor(on_property_dropped=_refuse_drop).normalize(expanded, options)
    except jsonld.JsonLdError as exc:
        raise _unwrap(exc) from exc


def _unwrap(exc: BaseException) -> JsonLdError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, JsonLdError):
            return cause
        cause = cause.__cause__
    message = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return JsonLdError(f"JSON-LD processing failed: {message[:200]}")
