"""The check kinds rules are built from.

Each module has OPTIONS, FIELDS, prepare() and check(rule, document, ctx); a kind that scans the
text has check_all(rules, document, ctx) instead, to read each block of text once for all its rules.
"""

from . import (
    coverage, crossfile, dates, deviation, footing, identity, legibility, narrative, notes, pattern, repeated,
    rollforward, shares, units,
)

KINDS = {
    module.KIND: module
    for module in (
        coverage, legibility, footing, rollforward, shares, notes, identity, repeated, narrative, units, deviation,
        pattern, dates, crossfile,
    )
}
