"""Text as an output stream can write it. Apart from render so that the entry point, which
answers --version before importing typer, can use it too."""

from __future__ import annotations


def writable(text: str) -> str:
    """The text as a stream can write it: a file or folder name that is not UTF-8 (its bytes
    kept by os.fsdecode as lone surrogates, which no stream writes) shows them as \\xff."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
