"""Compile the translations (frontline/locale/*/LC_MESSAGES/django.po -> .mo) with Babel.

Pure Python, so `make demo` needs no system gettext. Like `msgfmt --check-format`, a
translation whose placeholders differ from its source string stops the build, naming the file
and line; fuzzy entries are left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_one(po: Path, mo: Path) -> list[str]:
    with po.open("rb") as source:
        catalog = read_po(source)
    problems = [
        f"{po}:{message.lineno}: {error}" for message, errors in catalog.check() for error in errors
    ]
    if not problems:
        with mo.open("wb") as target:
            write_mo(target, catalog)
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: compile_messages.py FILE.po FILE.mo", file=sys.stderr)
        return 2
    problems = compile_one(Path(argv[0]), Path(argv[1]))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
