"""Output formats: each renders a run's result as text. The registry maps --format names to them.

Every format is a function render(result, rules, options) -> str; options holds "quiet", "statistics",
"color" (bool) and "width" (the terminal's, for text; None: no wrapping). What formats share (severity words, safe text, fingerprints, marked figures) is in shared.py.
"""

from __future__ import annotations

from . import github, gitlab, html, json_format, junit, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "html": html.render,
}
