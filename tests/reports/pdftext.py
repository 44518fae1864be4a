"""Reading PDFs back in tests: the text a reader would copy (poppler's pdftotext)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def extract_text(content: bytes, layout: bool = False) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        options = ["-layout"] if layout else []
        command = ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_count(content: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def squeeze(text: str) -> str:
    """Text without whitespace: Thai lines wrap between words, so compare without it."""
    return "".join(text.split())
