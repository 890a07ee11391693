"""The check kinds rules are built from. Each module has OPTIONS, FIELDS, prepare() and check()."""

from . import crossfile, deviation, footing, identity, notes, pattern, repeated, shares

KINDS = {
    module.KIND: module
    for module in (footing, shares, notes, identity, repeated, deviation, pattern, crossfile)
}
