"""Every way a Swedish report writes a figure, read into an exact Decimal."""

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from finsam_lint.numbers import (
    figure_run, parse_amount, plain_figure, quick_split, split_figures, tokenize, trailing_run,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("19 108 000", "19108000"),  # space as thousands separator
        ("19\u00a0108\u00a0000", "19108000"),  # no-break space
        ("19\u202f108\u202f000", "19108000"),  # narrow no-break space
        ("19\u2009108\u2009000", "19108000"),  # thin space
        ("19.108.000", "19108000"),  # period as thousands separator
        ("1 234,56", "1234.56"),  # decimal comma
        ("0,42", "0.42"),
        ("-15 570 490", "-15570490"),  # hyphen-minus
        ("\u221215 570 490", "-15570490"),  # U+2212 minus sign
        ("\u201315 570", "-15570"),  # en dash as minus
        ("1 650 364-", "-1650364"),  # trailing minus
        ("(12 000)", "-12000"),  # parentheses
        ("-", "0"),  # a lone dash in a figure column is zero
        ("\u2013", "0"),
        ("150000", "150000"),  # no separators at all
        ("20 315 000kr", "20315000"),  # unit glued on
        ("191 180 kr", "191180"),
        ("2 813 tkr", "2813"),
        ("19,1 mkr", "19.1"),
        ("500:-", "500"),
        ("1 %", "0.01"),  # percentages are kept as the fraction they stand for
        ("1%", "0.01"),
        ("50,5 %", "0.505"),
    ],
)
def test_figure_forms(text, value):
    assert parse_amount(text).value == Decimal(value)


@pytest.mark.parametrize("text", ["2025-03-14", "2025-03-XX", "6 38 09-8", "1 2345 678", "12,34,56", "--5", "084", "abc"])
def test_not_a_figure(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_precision_is_half_the_last_written_unit():
    assert parse_amount("191 180").half_unit == Decimal("0.5")
    assert parse_amount("0,42").half_unit == Decimal("0.005")


def figures(line, columns):
    tokens = tokenize(line)
    _, parts = trailing_run(tokens)
    split = split_figures(parts, columns)
    return None if split is None or split.ambiguous else [str(f.value) for f in split.figures]


@pytest.mark.parametrize(
    "line, columns, expected",
    [
        # two columns separated by one space split by digit-group structure
        ("Staten 50 % 9 529 000 9 531 000", 2, ["9529000", "9531000"]),
        ("Hylte kommun, 1% 191 180                190 580", 2, ["191180", "190580"]),
        ("Verksamhetens intäkter  Not 1 19 102 199 19 130 084", 2, ["19102199", "19130084"]),
        # a number after "Not" is a note reference, not a figure
        ("Materiella anläggninstillgångar Not 6 0", 2, ["0"]),
        ("Not 8 8 161 947 4 493 208", 2, ["8161947", "4493208"]),
        # account numbers in the label are not figures
        ("Värde Stratega 10 /Inst Kortränta 14431955623 1 467 318 1 462 868", 2, ["1467318", "1462868"]),
        ("Nordea Plusgirokonto 6 38 09-8 6 694 629 3 030 339", 2, ["6694629", "3030339"]),
        ("Resultat 1 650 364-         1 357 204-", 2, ["-1650364", "-1357204"]),
        ("Kostnader -11 984 625 -12 150 000 156 375", 3, ["-11984625", "-12150000", "156375"]),
        ("Soliditet 0,67  0,48 0,42", 3, ["0.67", "0.48", "0.42"]),
        ("Antal anställda 4  3 5", 3, ["4", "3", "5"]),
        # a dash set apart by a space is a minus sign where the columns need it, a nil otherwise
        ("Kostnader – 11 969 625 – 11 605 600", 2, ["-11969625", "-11605600"]),
        ("Avskrivningar – –", 2, ["0", "0"]),
        ("Kostnader (11 969 625) (11 605 600)", 2, ["-11969625", "-11605600"]),
        ("Intäkter 12 045,3 11 638,3", 2, ["12045.3", "11638.3"]),
        ("Intäkter 19 102 199 kr  19 130 084 kr", 2, ["19102199", "19130084"]),
    ],
)
def test_columns_split_by_digit_groups(line, columns, expected):
    assert figures(line, columns) == expected


def test_a_split_that_cannot_be_decided_is_not_guessed():
    assert figures("Rad 100 200 300", 2) is None


def written(value: Decimal, style: str) -> str:
    """Format a Decimal the way one of the layouts writes it."""
    negative, digits = value < 0, f"{abs(value):.0f}"
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    separator = {"space": " ", "nbsp": "\u00a0", "thin": "\u2009", "period": "."}.get(style, " ")
    body = separator.join(groups)
    if not negative:
        return body
    return {"trailing": body + "-", "parens": f"({body})", "u2212": "\u2212" + body}.get(style, "-" + body)


@given(
    st.integers(min_value=-10**12, max_value=10**12),
    st.sampled_from(["space", "nbsp", "thin", "period", "trailing", "parens", "u2212"]),
)
def test_formatted_figures_read_back(number, style):
    assert parse_amount(written(Decimal(number), style)).value == Decimal(number)


@st.composite
def period_row(draw):
    """Figures of one row: the same item in consecutive periods, so of the same order of magnitude."""
    groups = draw(st.integers(min_value=1, max_value=4))
    low, high = (0 if groups == 1 else 10 ** (3 * (groups - 1))), 10 ** (3 * groups) - 1
    magnitudes = draw(st.lists(st.integers(min_value=low, max_value=high), min_size=1, max_size=6))
    return [n * draw(st.sampled_from([1, -1])) for n in magnitudes]


@given(period_row())
def test_columns_written_with_single_spaces_read_back(numbers):
    line = "Rad " + " ".join(written(Decimal(n), "space") for n in numbers)
    result = figures(line, len(numbers))
    if result is not None:  # a run of three-digit groups alone can be honestly ambiguous
        assert result == [str(n) for n in numbers]


def test_unequal_magnitudes_in_one_space_separated_row_are_read_as_equal_ones():
    # The documented limit: "1 000 100 100" in two columns is read as 1 000 | 100 100,
    # because the columns of one row are periods of the same item.
    assert figures("Rad 1 000 100 100", 2) == ["1000", "100100"]


def test_a_split_the_group_balance_cannot_decide_is_left_open():
    # -13 209 178 | -13 209 792 | 614 (a deviation) or -13 209 178 | -13 209 | 792 614: 3+3+1 or 3+2+2 groups
    assert figures("Kostnader inkl. avskrivningar -13 209 178 -13 209 792 614", 3) is None


def _shown(figures):
    return [(str(f.value), f.decimals, f.text, f.percent) for f in figures]


def _read(split):
    if split is None:
        return None
    return _shown(split.figures), split.start, split.consumed, split.ambiguous, [_shown(a) for a in split.alternatives]


_LABEL_ENDS = ["Summa", "Kassa och bank", "Intäkter Not", "NOTER", "not.", "kr", "Tkr", "andel %", "s:a", "", "Rad x1"]
_WHOLE = ["0", "7", "12", "084", "191", "180", "000", "-5", "-13", "-0", "1234", "-100", "12345678901234567"]
_OTHER = ["(12", "000)", "364-", "1,5", "+3", "\u22125", "%", "kr", "-", "Not", "50%", "\u0663"]
_TOKEN = st.one_of(st.sampled_from(_WHOLE), st.sampled_from(_WHOLE), st.sampled_from(_WHOLE), st.sampled_from(_OTHER))
_GAP = st.sampled_from([" "] * 8 + ["  ", "\t"])


@settings(max_examples=500)
@given(st.sampled_from(_LABEL_ENDS), st.lists(st.tuples(_GAP, _TOKEN), min_size=1, max_size=10), st.integers(1, 4))
def test_the_quick_path_reads_a_row_as_the_general_path_does(label, tokens, columns):
    line = label + "".join(gap + token for gap, token in tokens)
    general = split_figures(figure_run(line), columns)  # plans the shape, which the quick path needs
    quick = quick_split(line, columns)
    if quick is not None:
        assert _read(quick) == _read(general)


@pytest.mark.parametrize("line, columns", [
    ("Summa omsättningstillgångar 7 409 866 5 613 615", 2),
    ("Verksamhetens intäkter Not 1 18 018 282 8 210 146", 2),
    ("Kostnader -11 984 625 -12 150 000 156 375", 3),
    ("Rad 100 200 300", 2),  # ambiguous: read alike, as ambiguous
])
def test_the_quick_path_takes_common_rows(line, columns):
    general = split_figures(figure_run(line), columns)
    quick = quick_split(line, columns)
    assert quick is not None and _read(quick) == _read(general)


_NUMBERS = ["0", "7", "-7", "12 345", "-12 345", "084", "1 23", "12345678901234567", "1 234 567 890 123 456", "-0",
            "1,5", "(12)", "12 345-", "\u0663"]
_UNITS = ["", " kr", " tkr", " Kr.", " SEK", " kronor", " %", "  kr", " x", "kr"]


@given(st.sampled_from(_NUMBERS), st.sampled_from(_UNITS))
def test_a_plain_cell_is_read_as_the_general_path_reads_it(number, unit):
    cell = number + unit
    figure = plain_figure(cell)
    index, parts = trailing_run(tokenize(cell))
    split = split_figures(parts, 1) if index == 0 else None
    general = split.figures[0] if split and len(split.figures) == 1 and split.consumed == len(parts) else None
    if figure is not None:
        assert general is not None
        assert (str(figure.value), figure.decimals, figure.text, figure.percent) == \
            (str(general.value), general.decimals, general.text, general.percent)


def test_plain_cells_take_the_quick_path():
    assert plain_figure("-12 345") is not None and plain_figure("12 345 kr").value == Decimal(12345)


@given(
    st.integers(min_value=-10**12, max_value=10**12), st.integers(0, 3), st.booleans(),
    st.sampled_from([1, 1000, 1000000]), st.integers(0, 3),
)
def test_whole_number_intervals_are_the_decimal_intervals(number, decimals, percent, factor, extra):
    """Footing and cross-file sum Interval.scaled ints; they must be Interval.of's ends exactly."""
    from finsam_lint.interval import Interval
    from finsam_lint.model import Value

    text = str(abs(number)).rjust(decimals + 1, "0")
    text = ("-" if number < 0 else "") + (f"{text[:-decimals]},{text[-decimals:]}" if decimals else text)
    figure = parse_amount(text + (" %" if percent else ""))
    value, places = Value(figure, 1), figure.decimals + extra
    lo, hi = Interval.scaled(value, factor, places)
    exact = Interval.of(value, Decimal(factor))
    assert (Decimal(lo) / (2 * 10**places), Decimal(hi) / (2 * 10**places)) == (exact.lo, exact.hi)


@pytest.mark.parametrize("line, columns, expected", [
    ("Kostnader – 0 – 12", 2, ["0", "-12"]),  # a minus sign before zero: zero, as Decimal negation makes it
    ("Rad (0) 1 650 364-", 2, ["0", "-1650364"]),
    ("Rad – 0,00 12,5 %", 2, ["0.00", "0.125"]),
    ("Rad 19 102 199 -19 130 084", 2, ["19102199", "-19130084"]),
])
def test_figures_and_values_read_as_decimals(line, columns, expected):
    # Whole numbers are kept compactly (model.Value, numbers.Figure); what rules and outputs read is the Decimal.
    from finsam_lint.model import Value

    split = split_figures(figure_run(line), columns)
    for figure in split.figures:
        value = Value(figure, 1)
        assert type(figure.value) is Decimal and type(value.amount) is Decimal and value.figure.text == figure.text
    assert [str(f.value) for f in split.figures] == expected


@pytest.mark.parametrize("line, columns, texts", [
    ("Rad 1 234 567 -12 345", 2, ["1 234 567", "-12 345"]),  # kept as the number, written again when asked for
    ("Rad 1234567  \u221212 345", 2, ["1234567", "\u221212 345"]),
    ("Rad (12 000) 1 650 364-", 2, ["(12 000)", "1 650 364-"]),
    ("Rad 0 -0", 2, ["0", "-0"]),
])
def test_a_figure_keeps_its_text_as_written(line, columns, texts):
    import pickle

    from finsam_lint.model import Row, Table, Value

    figures = split_figures(figure_run(line), columns).figures
    assert [f.text for f in figures] == texts
    table = Table("other", "", 1, 1, "kr", [], [Row("Rad", 1, [Value(f, 1) for f in figures])])
    assert [v.text for v in pickle.loads(pickle.dumps(table)).rows[0].values] == texts  # as worker processes send it
