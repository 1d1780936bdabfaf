"""Translator comments carried through Babel's merge exactly as GNU wrote them.

Babel strips the spaces of a comment line ("#   indented", "#<tab>name"),
drops repeated lines (two "#" separators become one) and fills words such as
PROJECT in the header comment. So before the merge each message's translator
comments, and the header's, are replaced by one opaque token, which Babel moves
along with the translation (fuzzy matches included); after Babel has written
the catalog, each token line is replaced by GNU's lines of the comment.
"""

from __future__ import annotations

import secrets

from .reader import ExactReading, Entry, translator_comment_lines


class CarriedComments:
    def __init__(self) -> None:
        # A fresh random token per run: no translator can write one in advance.
        self.prefix = f"papersite-comment-{secrets.token_hex(8)}-"
        self.lines: dict[str, list[str]] = {}

    def token_for(self, gnu_text: str) -> list[str]:
        """The user comments to give Babel for an entry of GNU's text ``gnu_text``."""
        lines = translator_comment_lines(gnu_text)
        if not lines:
            return []
        token = f"{self.prefix}{len(self.lines)}"
        self.lines[token] = lines
        return [token]

    def attach(self, reading: ExactReading, live: list[Entry]) -> None:
        """Give Babel's messages (in the order GNU read them) and header their tokens."""
        messages = [message for message in reading.catalog if message.id]
        for message, entry in zip(messages, live, strict=True):
            message.user_comments = self.token_for(entry.text)
        header = self.token_for(reading.header)
        reading.catalog.header_comment = f"# {header[0]}" if header else ""

    def restore(self, data: bytes) -> bytes:
        """Babel's output with every token line replaced by GNU's comment lines."""
        lines = []
        for line in data.decode("utf-8").split("\n"):
            token = line[2:] if line.startswith(f"# {self.prefix}") else None
            lines.extend(self.lines[token] if token in self.lines else [line])
        return "\n".join(lines).encode("utf-8")
