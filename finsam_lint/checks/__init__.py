"""The check kinds rules are built from. Each module has OPTIONS, FIELDS, prepare() and check()."""

from . import coverage, crossfile, dates, legibility, deviation, footing, identity, narrative, notes, pattern, repeated, shares

KINDS = {
    module.KIND: module
    for module in (coverage, legibility, footing, shares, notes, identity, repeated, narrative, deviation, pattern, dates, crossfile)
}
