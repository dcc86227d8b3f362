"""Who a browser student is: a name and group typed on the join page plus a private token the
browser keeps; from them, the student's own data folder and the seed of their games."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_NAME = 60  # as the game's own name prompt allows
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
JOIN_CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to mistype
JOIN_CODE_LENGTH = 6
SEED_RANGE = 2**31


@dataclass(frozen=True, slots=True)
class Student:
    """A student who has joined: what they typed, and the token their browser keeps."""

    name: str
    group: str | None
    token: str

    @property
    def key(self) -> str:
        """The name of the student's data folder: from the token and the name, never a path
        the student wrote (so a name cannot lead out of the class folder)."""
        identity = f"{self.token}\0{self.name.casefold()}".encode()
        return hashlib.sha256(identity).hexdigest()[:24]

    def folder(self, class_folder: Path) -> Path:
        """The student's private data folder (saves, slots) inside the class folder."""
        return class_folder / "students" / self.key


def new_token() -> str:
    """A random token for a browser that has none (kept in a cookie)."""
    return secrets.token_urlsafe(24)


def valid_token(text: str | None) -> str | None:
    """The token a browser sent, if it looks like one we hand out."""
    return text if text is not None and TOKEN_PATTERN.fullmatch(text) else None


def clean_name(text: str) -> str | None:
    """A name or group as typed, with spaces tidied; None if it is empty, too long or holds
    anything but printable characters (no control, format or bidi characters)."""
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name or len(name) > MAX_NAME:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return None
    return name


def new_join_code() -> str:
    """A short code to write on the board: six letters and digits that are hard to confuse."""
    return "".join(secrets.choice(JOIN_CODE_LETTERS) for _ in range(JOIN_CODE_LENGTH))


def same_code(typed: str, code: str) -> bool:
    """Whether the typed code is the join code (any case, spaces and dashes ignored)."""
    cleaned = re.sub(r"[\s-]+", "", typed).upper()
    return secrets.compare_digest(cleaned.encode(), code.encode())


def group_seed(group: str, base: int = 0) -> int:
    """The seed every game of a group starts with: the same for the same group name (any case
    or spacing) and base seed, different between groups."""
    name = " ".join(group.casefold().split())
    digest = hashlib.sha256(f"{base}\0{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_RANGE
