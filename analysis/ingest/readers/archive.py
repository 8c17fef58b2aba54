"""Zip archives, read in memory with caps on size, member count and compression ratio."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...errors import IngestError, Problem
from .common import human_size, one_line, safe_name

if TYPE_CHECKING:
    from ..limits import Limits


_RATIO_MIN_BYTES = 2**20  # smaller members are never treated as bombs, whatever their ratio


def open_zip(name: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open a zip (or .docx/.xlsx) after checking its member count, declared size and compression ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as e:
        raise IngestError(name, f"not a valid zip archive ({one_line(e)})") from None
    if len(members) > limits.max_zip_members:
        raise IngestError(name, f"the archive holds {len(members):,} entries; at most {limits.max_zip_members:,} "
                                f"are allowed")
    declared = sum(m.file_size for m in members)
    if declared > limits.max_unzipped_bytes:
        raise IngestError(name, f"the archive would unpack to {human_size(declared)}; at most "
                                f"{human_size(limits.max_unzipped_bytes)} are allowed (refused as a possible zip bomb)")
    for m in members:
        if m.file_size > _RATIO_MIN_BYTES and m.file_size > limits.max_compression_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise IngestError(name, f"member {safe_name(m.filename)!r} expands {ratio:,.0f} times; at most "
                                    f"{limits.max_compression_ratio:,.0f} is allowed (refused as a possible zip bomb)")
    return archive


class Budget:
    """The bytes an upload may still unpack, shared by every archive in it."""

    def __init__(self, left: int):
        self.left = left


def iter_zip(name: str, data: bytes, limits: Limits, budget: Budget) -> Iterator[tuple[str, bytes] | Problem]:
    """(member name, bytes) for each file of a zip, read in memory with a cap; refused members as Problems."""
    archive = open_zip(name, data, limits)
    found = False
    with archive:
        for member in archive.infolist():
            path = member.filename.replace("\\", "/")
            label = f"{name}/{safe_name(path)}"
            if member.is_dir() or _ignored(path):
                continue
            found = True
            if budget.left <= 0:
                yield Problem(name, f"the archive unpacks to more than {human_size(limits.max_unzipped_bytes)}; "
                                    f"the remaining members were skipped")
                return
            if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
                yield Problem(label, "unsafe path in the archive (absolute or with '..'); refused")
            elif member.flag_bits & 0x1:
                yield Problem(label, "the member is encrypted (password-protected); passwords are not supported")
            elif member.file_size > limits.max_file_bytes:
                yield Problem(label, f"the file is {human_size(member.file_size)}; at most "
                                     f"{human_size(limits.max_file_bytes)} are allowed per file")
            else:
                item = _read_member(archive, member, label, limits, budget)
                yield item if isinstance(item, Problem) else (label, item)
    if not found:
        yield Problem(name, "the archive holds no files")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, limits: Limits,
                 budget: Budget) -> bytes | Problem:
    """The bytes of one member, counted as they stream so a lying header cannot unpack more than allowed."""
    cap = min(limits.max_file_bytes, budget.left)
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > cap:
                    return Problem(label, f"unpacks to more than {human_size(cap)}; refused (the size in the archive "
                                          f"header is {human_size(member.file_size)})")
                chunks.append(chunk)
    except NotImplementedError as e:
        return Problem(label, f"cannot be unpacked ({one_line(e)})")
    except Exception as e:
        return Problem(label, f"damaged member of the archive ({one_line(e)})")
    finally:
        budget.left -= size
    return b"".join(chunks)


def _ignored(path: str) -> bool:
    """Folders and files that archivers add by themselves (macOS resource forks, hidden files)."""
    parts = path.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".") or parts[-1] in ("Thumbs.db", "desktop.ini")
