"""Synthetic FINSAM annual reports for benchmarks: made up from scratch, no real report copied.

report(rng) writes one report of roughly 10-15 KB: prose, an overview, the three
statements, a budget follow-up, notes with the members' fees and a signature.
Figures foot, except that now and then one is changed so the rules have findings
to report. Tables come tab-separated or with columns separated by spaces, as text
copied out of Word or a PDF does.
"""

from __future__ import annotations

import random

WORDS = (
    "förbundet insatser samverkan individer arbetsmarknaden rehabilitering styrelsen beredningsgruppen "
    "kommunerna regionen Försäkringskassan Arbetsförmedlingen deltagare målgruppen uppföljning verksamheten "
    "finansiering medel året utveckling kompetens stöd aktiviteter kartläggning samordning resultat "
    "insatsen projektet personer behov vägen självförsörjning hälsa arbete studier möjligheter"
).split()
SMALL = "och i att för med som har under till av på det ett en inom även vilket där".split()
TOWNS = ("Norrby", "Söderå", "Västerlid", "Österhamn", "Bergslunda", "Ängsbro", "Lillmo", "Stensjö")


def kr(value: int) -> str:
    """Swedish grouping: 1234567 -> '1 234 567', -1500 -> '-1 500'."""
    text = f"{abs(value):,}".replace(",", " ")
    return ("-" if value < 0 else "") + text


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS if i % 3 else SMALL) for i in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(rng.randint(2, 6)))


def _table(title: str, header: list[str], rows: list[tuple[str, list[int]]], tabs: bool, note_col: dict | None = None) -> str:
    lines = [title]
    if tabs:
        lines.append("\t" + ("\t" if note_col is not None else "") + "\t".join(header))
        for label, values in rows:
            note = (note_col or {}).get(label, "")
            extra = [note] if note_col is not None else []
            lines.append("\t".join([label, *extra, *(kr(v) for v in values)]))
    else:
        lines.append("  ".join(header))
        for label, values in rows:
            note = (note_col or {}).get(label, "")
            lines.append(" ".join([label, *([note] if note else []), *(kr(v) for v in values)]))
    return "\n".join(lines)


def report(rng: random.Random, index: int = 0, size: int = 0) -> str:
    """One report; with `size`, prose and a table of financed efforts fill it to about that many characters."""
    year = rng.randint(2018, 2025)
    name = f"Samordningsförbundet {rng.choice(TOWNS)}{index % 97 or ''}"
    tabs = rng.random() < 0.6
    err = rng.random() < 0.5  # one figure changed somewhere
    years = [year, year - 1]

    def two(base: int, spread: float = 0.08) -> list[int]:
        return [base, int(base * (1 - rng.uniform(-spread, spread)))]

    # members' fees: state half, region a quarter, municipalities the rest
    towns = rng.sample(TOWNS, rng.randint(2, 5))
    total_fees = [rng.randrange(4_000, 20_000) * 1000 for _ in years]
    shares = [rng.randint(1, 9) for _ in towns]
    fee_rows = [("Staten 50 %", [t // 2 for t in total_fees]), (f"Region {rng.choice(TOWNS)} 25 %", [t // 4 for t in total_fees])]
    rest = [t - t // 2 - t // 4 for t in total_fees]
    percents = [round(25 * s / sum(shares)) for s in shares]
    percents[-1] = 25 - sum(percents[:-1])
    for town, pct in zip(towns, percents):
        fee_rows.append((f"{town} kommun {pct} %", [r * pct // 25 for r in rest]))
    fees = [sum(v[i] for _, v in fee_rows) for i in range(2)]
    other = two(rng.randrange(10_000, 90_000))
    income = [fees[i] + other[i] for i in range(2)]
    efforts, staff, rent, misc = ([int(income[i] * f * rng.uniform(0.93, 1.0)) for i in range(2)] for f in (0.70, 0.18, 0.04, 0.02))
    costs = [efforts[i] + staff[i] + rent[i] + misc[i] for i in range(2)]
    depreciation = two(rng.randrange(0, 30) * 1000, 0)
    operating = [income[i] - costs[i] - depreciation[i] for i in range(2)]
    fin_in, fin_out = two(rng.randrange(1_000, 20_000)), two(rng.randrange(0, 3_000))
    after_fin = [operating[i] + fin_in[i] - fin_out[i] for i in range(2)]
    result = after_fin

    equity_open = [rng.randrange(500_000, 5_000_000)]
    equity_open.insert(0, equity_open[0] + result[1])
    equity = [equity_open[i] + result[i] for i in range(2)]
    receivables = two(rng.randrange(100_000, 900_000))
    fixed = two(rng.randrange(0, 80) * 1000, 0)
    liabilities = two(rng.randrange(200_000, 1_500_000))
    cash = [equity[i] + liabilities[i] - receivables[i] - fixed[i] for i in range(2)]
    assets = [fixed[i] + receivables[i] + cash[i] for i in range(2)]
    solidity = [f"{equity[i] / assets[i]:.2f}".replace(".", ",") for i in range(2)]
    cash_open = [cash[1], cash[1] - rng.randrange(-200_000, 200_000)]
    flow = [cash[i] - cash_open[i] for i in range(2)]
    before_wc = [result[i] + depreciation[i] for i in range(2)]
    working = [flow[i] - before_wc[i] for i in range(2)]

    if err:  # a typo in one total
        victim = rng.choice([costs, assets, fees, equity])
        victim[0] += rng.choice([-1, 1]) * rng.randrange(2, 90_000)

    parts = [f"# Årsredovisning {year}", "", f"**{name}**", "",
             f"Styrelsen för {name} avger följande årsredovisning för {year}. Den är upprättad i svenska kronor.", ""]
    for heading in ("Ordförande har ordet", "1. Förvaltningsberättelse", "1.1 Verksamheten"):
        parts += [f"## {heading}", ""]
        for _ in range(rng.randint(2, 5)):
            parts += [paragraph(rng), ""]
    parts += ["## 1.2 Översikt över verksamhetens utveckling", "",
              "\t" + "\t".join(str(y) for y in years),
              "Verksamhetens intäkter\t" + "\t".join(f"{kr(v)} kr" for v in income),
              "Verksamhetens kostnader\t" + "\t".join(f"{kr(v)} kr" for v in costs),
              "Årets resultat\t" + "\t".join(f"{kr(v)} kr" for v in result),
              "Soliditet\t" + "\t".join(solidity),
              "Eget kapital\t" + "\t".join(f"{kr(v)} kr" for v in equity), "",
              f"Årets resultat blev {kr(result[0])} kr. {paragraph(rng)} Förbundets egna kapital uppgår till {kr(equity[0])} kr.", ""]
    for _ in range(rng.randint(3, 8)):
        parts += [paragraph(rng), ""]
    head = [str(y) for y in years]
    notes = {"Verksamhetens intäkter": "Not 1", "Verksamhetens kostnader": "Not 2", "Summa eget kapital": "Not 3"}
    parts += ["## 2. Resultaträkning", "", _table("RESULTATRÄKNING (kr)", head, [
        ("Verksamhetens intäkter", income), ("Verksamhetens kostnader", [-c for c in costs]),
        ("Avskrivningar", [-d for d in depreciation]), ("Verksamhetens resultat", operating),
        ("Finansiella intäkter", fin_in), ("Finansiella kostnader", [-f for f in fin_out]),
        ("Resultat efter finansiella poster", after_fin), ("Årets resultat", result)], tabs, notes), ""]
    parts += ["## 3. Balansräkning", "", _table("BALANSRÄKNING (kr)", head, [
        ("Inventarier", fixed), ("Summa anläggningstillgångar", fixed), ("Fordringar", receivables),
        ("Kassa och bank", cash), ("Summa omsättningstillgångar", [receivables[i] + cash[i] for i in range(2)]),
        ("Summa tillgångar", assets), ("Balanserat resultat", equity_open), ("Årets resultat", result),
        ("Summa eget kapital", equity), ("Kortfristiga skulder", liabilities), ("Summa skulder", liabilities),
        ("Summa eget kapital och skulder", [equity[i] + liabilities[i] for i in range(2)])], tabs, notes), ""]
    parts += ["## 4. Kassaflödesanalys", "", _table("KASSAFLÖDESANALYS (kr)", head, [
        ("Årets resultat", result), ("Justering för avskrivningar", depreciation),
        ("Kassaflöde före förändring av rörelsekapital", before_wc), ("Förändring av rörelsekapital", working),
        ("Årets kassaflöde", flow), ("Likvida medel vid årets början", cash_open),
        ("Likvida medel vid årets slut", cash)], tabs), ""]
    budget = [income[0] + rng.randrange(-50_000, 50_000), -costs[0] + rng.randrange(-90_000, 90_000)]
    parts += ["## 5. Driftsredovisning", "", f"Belopp kr\tUtfall {year}\tBudget {year}\tAvvikelse",
              f"Intäkter\t{kr(income[0])}\t{kr(budget[0])}\t{kr(income[0] - budget[0])}",
              f"Kostnader\t{kr(-costs[0])}\t{kr(budget[1])}\t{kr(-costs[0] - budget[1])}",
              f"Resultat\t{kr(income[0] - costs[0])}\t{kr(sum(budget))}\t{kr(income[0] - costs[0] - sum(budget))}", ""]
    parts += ["## 6. Noter", "", _table("NOT 1 Verksamhetens intäkter", head, [
        *fee_rows, ("Summa medlemsavgifter", fees), ("Övriga intäkter", other),
        ("Summa verksamhetens intäkter", income)], tabs), ""]
    parts += [_table("NOT 2 Verksamhetens kostnader", head, [
        ("Insatser", efforts), ("Personalkostnader", staff), ("Lokalkostnader", rent), ("Övriga kostnader", misc),
        ("Summa verksamhetens kostnader", costs)], tabs), ""]
    parts += [_table("NOT 3 Eget kapital", head, [
        ("Ingående eget kapital", equity_open), ("Årets resultat", result), ("Summa eget kapital", equity)], tabs), ""]
    names = [f"Insats {rng.choice(WORDS)} {n + 1}" for n in range(rng.randint(4, 12))]
    spent = [rng.randrange(50, 900) * 1000 for _ in names]
    planned = [s + rng.randrange(-40, 40) * 1000 for s in spent]
    parts += ["Finansierade insatser", f"Insats\tUtfall {year}\tBudget {year}\tAvvikelse",
              *(f"{n}\t{kr(a)}\t{kr(b)}\t{kr(a - b)}" for n, a, b in zip(names, spent, planned)),
              f"Summa insatser\t{kr(sum(spent))}\t{kr(sum(planned))}\t{kr(sum(spent) - sum(planned))}", ""]
    while size and sum(len(p) + 1 for p in parts) < size - 600:
        parts += [paragraph(rng), ""]
    parts += [f"Medlemsavgifterna uppgick till {kr(fees[0])} kr under {year}.", "",
              "## 7. Styrelsens underskrift", "", f"{rng.choice(TOWNS)} {year + 1}-03-{rng.randint(10, 28)}", "",
              "Anna Exempelsson, ordförande", ""]
    return "\n".join(parts) + "\n"


def corpus(size: int, seed: int = 1, each: int = 0) -> list[str]:
    """Reports (of about `each` characters) until their text makes at least `size` bytes (UTF-8)."""
    rng = random.Random(seed)
    reports, total = [], 0
    while total < size:
        text = report(rng, len(reports), each)
        reports.append(text)
        total += len(text.encode("utf-8"))
    return reports


if __name__ == "__main__":
    import sys

    print(report(random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1), 0, int(sys.argv[2]) if len(sys.argv) > 2 else 0), end="")
