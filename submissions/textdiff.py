"""Text differences as staff read them: insertions and deletions marked, in Thai.

difflib over characters (with Thai vowel and tone marks kept on their consonant: Thai has
no spaces between words), over lines for long texts; tiny unchanged runs between two
changes are folded into the change, and long unchanged stretches are shortened.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

# Character diffs read well for Thai (no spaces between words); beyond this length a line
# diff keeps the work bounded.
CHARACTER_DIFF_LIMIT = 4000
# An unchanged stretch longer than this is shortened around its middle.
CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Segment:
    tag: str  # "equal", "delete" or "insert"
    text: str


def clusters(text: str) -> list[str]:
    """The text as characters with their marks attached (a Thai vowel or tone mark above
    or below stays with its consonant, so a diff never shows a mark on its own)."""
    out: list[str] = []
    for char in text:
        if out and unicodedata.category(char) == "Mn":
            out[-1] += char
        else:
            out.append(char)
    return out


def text_diff(old: str, new: str) -> list[Segment]:
    """The changes between two texts as segments (difflib), unchanged runs shortened.

    Unchanged runs of one or two characters between two changes are folded into the
    change: a rewritten Thai phrase then reads as one deletion and one insertion, not as
    confetti of matching letters.
    """
    if len(old) + len(new) <= CHARACTER_DIFF_LIMIT:
        a, b = clusters(old), clusters(new)
    else:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    runs: list[list] = []  # [tag, old text, new text], tag "equal" or "change"
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        kind = "equal" if tag == "equal" else "change"
        if runs and runs[-1][0] == kind == "change":
            runs[-1][1] += before
            runs[-1][2] += after
        else:
            runs.append([kind, before, after])
    merged: list[list] = []
    for index, run in enumerate(runs):
        after_change = bool(merged) and merged[-1][0] == "change"
        short_gap = run[0] == "equal" and len(run[1]) < 3 and index < len(runs) - 1
        if after_change and (short_gap or run[0] == "change"):
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(list(run))
    segments: list[Segment] = []
    for index, (kind, before, after) in enumerate(merged):
        if kind == "equal":
            first, last = index == 0, index == len(merged) - 1
            segments.append(Segment("equal", _shorten(before, first, last)))
            continue
        if before:
            segments.append(Segment("delete", before))
        if after:
            segments.append(Segment("insert", after))
    return segments


def similarity(old: str, new: str) -> float:
    """How much of two texts is shared (0–1), by character clusters."""
    return difflib.SequenceMatcher(None, clusters(old), clusters(new), autojunk=False).ratio()


def _shorten(text: str, first: bool, last: bool) -> str:
    if len(text) <= 2 * CONTEXT_CHARS:
        return text
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    return f"{head} … {tail}".strip()
