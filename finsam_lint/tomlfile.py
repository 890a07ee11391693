"""Reading the TOML files users write (rule files, configuration) with one-line errors."""

from __future__ import annotations

import difflib
import tomllib

from .source import read_bounded

MAX_BYTES = 1024 * 1024  # rule and configuration files are a few kilobytes


def suggest(key: str, valid) -> str:
    """' (did you mean 'x'?)' for the nearest valid name, or nothing."""
    close = difflib.get_close_matches(key, list(valid), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_text(path, what: str, error: type[Exception]) -> str:
    try:
        data = read_bounded(path, MAX_BYTES)
    except OSError as problem:
        raise error(f"{path}: cannot read {what}: {problem.strerror or problem}") from None
    if len(data) > MAX_BYTES:
        raise error(f"{path}: {what} larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: {what} is not UTF-8 text") from None


def parse(path, text: str, error: type[Exception]) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: invalid TOML: {problem}") from None
    except ValueError:  # tomllib reads a whole number of more than 4 300 digits with int(), which refuses it
        raise error(f"{path}: invalid TOML: a number with too many digits") from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise error(f"{path}: invalid TOML: arrays or tables nested too deeply") from None


def load(path, what: str, error: type[Exception]) -> dict:
    """The TOML document at `path`, or `error` naming the file and what is wrong with it."""
    return parse(path, read_text(path, what, error), error)
