"""ragbook.rules.words: counts in messages."""

from ragbook.rules.words import noun, plural


def test_plural_counts_in_english():
    assert plural(1, "problem") == "1 problem"
    assert plural(0, "problem") == "0 problems"
    assert plural(2, "plan-quality finding") == "2 plan-quality findings"
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(1, "entry", "entries") == "1 entry"
    assert noun(1, "row") == "row" and noun(3, "row") == "rows"


def test_no_message_counts_with_an_inline_plural():
    """One plural() for the whole package: an inline `'s' if n != 1` is how
    "1 problems" got printed."""
    import re
    from pathlib import Path

    import ragbook

    inline = re.compile(r"""['"]s['"] if [^'"\n]+ [!=<>]=? ?1 else ['"]{2}""")
    found = [
        f"{path.name}:{n}"
        for path in Path(ragbook.__file__).parent.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if inline.search(line)
    ]
    assert found == []
