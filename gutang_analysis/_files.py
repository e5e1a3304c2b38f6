"""Writing files without ever writing through a link, and saying why a write failed.

Every file the package writes for a user (a template, the 分解表, ``owners.yaml``, a
督查台账, a download of a build) goes through :func:`write_atomic`: the content is written
to a temporary file *created exclusively* (``O_CREAT | O_EXCL | O_NOFOLLOW``) beside the
target, then renamed over it. A symbolic link planted at the temporary name makes the
creation fail instead of truncating the file it points to; a link at the target itself is
refused, never followed. A half-written file never replaces a good one.

:func:`output_error` turns an ``OSError`` of a write (disk full, read-only folder, a file
where a folder is expected, a name too long) into an :class:`~gutang_analysis.errors.OutputError`
with a Chinese message naming the path and what to do.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import OutputError, Problem

__all__ = ["describe_os_error", "output_error", "probe_writable", "write_atomic"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)

# errno -> (what happened, what to do), in Chinese
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: (
        "磁盘空间不足",
        "清理磁盘空间，或换一个空间充足的位置后重试（已有的文件没有被改动）",
    ),
    errno.EDQUOT: (
        "超出磁盘配额",
        "清理文件或请管理员调整配额，或换一个位置后重试（已有的文件没有被改动）",
    ),
    errno.EROFS: ("所在磁盘是只读的", "换一个可写入的位置（如 {option} 另一个文件夹）"),
    errno.EACCES: (
        "没有写入权限",
        "换一个可写入的位置（如 {option} 另一个文件夹），或请管理员开放写权限",
    ),
    errno.EPERM: (
        "操作不被允许",
        "换一个可写入的位置（如 {option} 另一个文件夹），或请管理员开放写权限",
    ),
    errno.EISDIR: ("这是一个文件夹，不是文件", "带文件名的路径，如 --out 文件夹/文件名.xlsx"),
    errno.ENOTDIR: (
        "路径中的某一段是文件，不是文件夹",
        "一个文件夹中的文件路径（检查路径中各段的名称）",
    ),
    errno.ENAMETOOLONG: ("文件名或路径过长", "更短的文件名（或更短的科室名、文件夹名）"),
    errno.ELOOP: ("符号链接（或链接循环）", "普通文件夹中的普通文件（为安全起见不通过链接写入）"),
    errno.ENOENT: ("所在文件夹不存在", "已存在的文件夹中的路径"),
    errno.EEXIST: ("已有同名文件", "另一个文件名"),
}


def describe_os_error(exc: OSError, option: str = "--out") -> tuple[str, str]:
    """``(what happened, what to do)`` for an ``OSError``, in Chinese; ``option`` is the
    command's option that names another place (``--dir`` for ``new``).

    Examples
    --------
    >>> describe_os_error(OSError(28, "No space left on device"))[0]
    '磁盘空间不足'
    >>> describe_os_error(OSError(30, "Read-only file system"), "--dir")[1]
    '换一个可写入的位置（如 --dir 另一个文件夹）'
    """
    found = _OS_ERRORS.get(exc.errno or -1)
    if found is not None:
        return found[0], found[1].format(option=option)
    return (
        f"无法写入（{exc.strerror or exc}）",
        "可写入的位置：检查路径、权限和磁盘空间后重试",
    )


def output_error(path: str | Path, exc: OSError, what: str = "文件") -> OutputError:
    """An :class:`OutputError` naming ``path``, what went wrong and what to do.

    Examples
    --------
    >>> err = output_error("/mnt/u/a.xlsx", OSError(28, "No space left on device"), "模板")
    >>> print(err.summary, err.problems[0].value)
    无法写入模板 磁盘空间不足
    """
    happened, todo = describe_os_error(exc)
    return OutputError(f"无法写入{what}", [Problem(str(path), None, None, happened, todo)])


def _refuse_link(target: Path, what: str) -> None:
    if target.is_symlink():
        raise OutputError(
            f"{what}的保存位置是一个符号链接，为安全起见不通过它写入",
            [
                Problem(
                    str(target),
                    None,
                    None,
                    f"指向 {os.readlink(target)} 的符号链接",
                    "一个普通文件的路径（请删除这个链接，或另选一个文件名）",
                )
            ],
        )


def _shareable(path: Path) -> None:
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomic(
    target: str | Path,
    content: bytes | str | Callable[[IO[bytes]], object],
    *,
    what: str = "文件",
    encoding: str = "utf-8",
) -> Path:
    """Write ``target`` whole or not at all, never through a symbolic link.

    ``content`` is bytes, text (written with ``encoding``) or a function given a binary
    file object (``wb.save``, ``doc.save``; it writes into memory, and what it wrote is
    then written to disk). The temporary file is created exclusively
    beside the target; it is renamed over the target once complete.

    Raises
    ------
    OutputError
        When the target is a link, or the write fails (disk full, read-only, a folder
        where the file should go …), with a Chinese message naming the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(d / "a.txt", "好").read_text(encoding="utf-8")
    '好'
    >>> (d / "link").symlink_to(d / "a.txt")
    >>> write_atomic(d / "link", "坏")
    Traceback (most recent call last):
    ...
    gutang_analysis.errors.OutputError: 文件的保存位置是一个符号链接，为安全起见不通过它写入：
    ...
    >>> (d / "a.txt").read_text(encoding="utf-8")
    '好'
    """
    target = Path(target)
    _refuse_link(target, what)
    if target.is_dir():
        raise output_error(target, OSError(errno.EISDIR, "Is a directory"), what)
    for parent in (target.parent, *target.parent.parents):
        if parent.is_dir():
            break
        if os.path.lexists(parent):  # a file where a folder of the path should be
            raise output_error(target, OSError(errno.ENOTDIR, "Not a directory"), what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc, what) from None
    if isinstance(content, str):
        data = content.encode(encoding)
    elif isinstance(content, bytes | bytearray):
        data = bytes(content)
    else:
        # rendered in memory first: a writer such as ``wb.save`` (a zip file) interrupted by
        # a full disk or Ctrl+C mid-write would otherwise be left holding a closed file and
        # print a traceback ("Exception ignored in ZipFile.__del__") when collected
        buf = io.BytesIO()
        try:
            content(buf)
        except OSError as exc:
            raise output_error(target, exc, what) from None
        data = buf.getvalue()
    tmp = target.parent / f".{target.name[:80]}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, _EXCLUSIVE, 0o600)
    except OSError as exc:
        raise output_error(target, exc, what) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        _shareable(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise output_error(target, exc, what) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def probe_writable(folder: Path) -> None:
    """Check that files can be created in ``folder`` (exclusively: a planted link at
    the probe's name makes the probe fail, it is never written through).

    Raises
    ------
    OSError
        When the folder cannot take a new file.
    """
    probe = folder / f".write-test-{os.getpid()}-{secrets.token_hex(4)}"
    fd = os.open(probe, _EXCLUSIVE, 0o600)
    os.close(fd)
    probe.unlink()
