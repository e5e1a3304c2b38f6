"""The one cache: results that are slow to work out and depend only on files' bytes.

A large plan takes seconds to parse and validate (100,000 targets: about three); every
command that reads it (``plan``, ``template``, ``check``, ``build``) would pay that again.
:func:`read` and :func:`write` keep such a result in the user's cache folder
(:func:`gutang_analysis.paths.cache_dir`), under a key that is the SHA-256 of everything
it was worked out from, including the package's code: any change to
any of them is another key, so a stale entry is never found, only left to be pruned.

An entry is JSON (data, never code), written atomically (a temporary file, then one
rename). One that cannot be read, is not JSON or names another key is ignored: the caller
works the result out again. The cache is an optimisation only: every caller gives the
same result without it, and deleting the folder at any time is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import paths

__all__ = ["digest", "read", "write"]

#: Entries kept per kind (the oldest beyond are deleted when one is written).
MAX_ENTRIES = 4


def digest(*parts: bytes | str) -> str:
    """One SHA-256 over ``parts``, each length-prefixed (so no two lists collide).

    Examples
    --------
    >>> digest("a", "bc") == digest("ab", "c")
    False
    >>> len(digest(b"x"))
    64
    """
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _entry(kind: str, key: str) -> Path:
    return paths.cache_dir() / kind / f"{key}.json"


def read(kind: str, key: str) -> Any | None:
    """The payload stored under ``key``, or ``None`` when there is none that can be read.

    Examples
    --------
    >>> read("nothing-here", "0" * 64) is None
    True
    """
    try:
        entry = json.loads(_entry(kind, key).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or "payload" not in entry:
        return None
    return entry["payload"]


def write(kind: str, key: str, payload: Any) -> None:
    """Store ``payload`` (plain JSON values) under ``key``, atomically; a cache that cannot
    be written (a read-only home, a full disk) is silently skipped."""
    target = _entry(kind, key)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"key": key, "payload": payload}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
        tmp = None
        _prune(target.parent)
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently written entries of one kind."""
    entries = []
    for f in folder.glob("*.json"):
        if f.name.startswith(".tmp-"):  # another process's entry being written
            continue
        with contextlib.suppress(OSError):
            entries.append((f.stat().st_mtime, f))
    for _, f in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            f.unlink()
