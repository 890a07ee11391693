"""Output formats: each renders a run's result as text. The registry maps --format names to them."""

from __future__ import annotations

from . import json_format, text

FORMATS = {
    "text": text.render,
    "json": json_format.render,
}
