"""A deliberately small formula evaluator.

Enough for the trivial formulas tests write (``=4/2``, ``=A1+B1``, ``=SUM(B2:B10)``, ``="a"&B1``).
Anything else raises `Unsupported`; the emulator then shows the formula's own text as its value,
which makes an unsupported formula obvious in a test rather than silently wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .a1 import col_index


class Unsupported(Exception):
    pass


class FormulaError(Exception):
    """A spreadsheet error value such as #DIV/0!; `code` is what the cell shows."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r'|(?P<str>"(?:[^"]|"")*")'
    r"|(?P<range>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![A-Za-z0-9_(])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|(?P<op><=|>=|<>|[-+*/^&=<>(),]))"
)

# Lookup: (row, col) -> the effective value of that cell (None when empty).
Lookup = Callable[[int, int], object]


def evaluate(formula: str, lookup: Lookup) -> object:
    tokens = _tokenize(formula[1:])
    parser = _Parser(tokens, lookup)
    value = parser.comparison()
    if parser.pos != len(tokens):
        raise Unsupported(formula)
    if isinstance(value, list):
        raise Unsupported(formula)  # a bare range would spill; not emulated
    return value


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(text)
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _cell(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Za-z]+)\$?(\d+)", ref)
    return int(m.group(2)) - 1, col_index(m.group(1))


def _number(value: object) -> float:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise FormulaError("#VALUE!") from None
    raise FormulaError("#VALUE!")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flat(args: list) -> list:
    out = []
    for arg in args:
        out.extend(arg if isinstance(arg, list) else [arg])
    return out


def _numbers(args: list) -> list:
    # Like Google: numbers inside ranges count, text and blanks there are skipped.
    return [v for v in _flat(args) if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _average(args):
    nums = _numbers(args)
    if not nums:
        raise FormulaError("#DIV/0!")
    return sum(nums) / len(nums)


_FUNCTIONS = {
    "SUM": lambda a: sum(_numbers(a)),
    "MIN": lambda a: min(_numbers(a), default=0),
    "MAX": lambda a: max(_numbers(a), default=0),
    "AVERAGE": _average,
    "COUNT": lambda a: len(_numbers(a)),
    "COUNTA": lambda a: sum(1 for v in _flat(a) if v not in (None, "")),
    "CONCATENATE": lambda a: "".join(_text(v) for v in _flat(a)),
    "LEN": lambda a: len(_text(a[0])),
    "UPPER": lambda a: _text(a[0]).upper(),
    "LOWER": lambda a: _text(a[0]).lower(),
    "ROUND": lambda a: round(_number(a[0]), int(_number(a[1])) if len(a) > 1 else 0),
    "IF": lambda a: a[1] if _truthy(a[0]) else (a[2] if len(a) > 2 else False),
    "AND": lambda a: all(_truthy(v) for v in _flat(a)),
    "OR": lambda a: any(_truthy(v) for v in _flat(a)),
    "NOT": lambda a: not _truthy(a[0]),
}


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise FormulaError("#VALUE!")
    return bool(_number(value))


class _Parser:
    """Precedence, lowest first: comparison, &, + -, * /, ^, unary minus."""

    def __init__(self, tokens, lookup: Lookup):
        self.tokens, self.pos, self.lookup = tokens, 0, lookup

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, op: str):
        if self.peek() != op:
            raise Unsupported(op)
        self.pos += 1

    def comparison(self):
        left = self.concat()
        while self.peek() in ("=", "<>", "<", ">", "<=", ">="):
            op, right = self.take()[1], self.concat()
            left = _compare(op, left, right)
        return left

    def concat(self):
        left = self.additive()
        while self.peek() == "&":
            self.pos += 1
            left = _text(left) + _text(self.additive())
        return left

    def additive(self):
        left = self.term()
        while self.peek() in ("+", "-"):
            op, right = self.take()[1], self.term()
            left = _number(left) + _number(right) if op == "+" else _number(left) - _number(right)
        return left

    def term(self):
        left = self.power()
        while self.peek() in ("*", "/"):
            op, right = self.take()[1], self.power()
            if op == "*":
                left = _number(left) * _number(right)
            elif _number(right) == 0:
                raise FormulaError("#DIV/0!")
            else:
                left = _number(left) / _number(right)
        return left

    def power(self):
        left = self.unary()
        while self.peek() == "^":
            self.pos += 1
            left = _number(left) ** _number(self.unary())
        return left

    def unary(self):
        if self.peek() in ("-", "+"):
            sign = self.take()[1]
            value = _number(self.unary())
            return -value if sign == "-" else value
        return self.atom()

    def atom(self):
        if self.pos >= len(self.tokens):
            raise Unsupported("")
        kind, text = self.take()
        if kind == "num":
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "range":
            return self.reference(text)
        if kind == "name":
            name = text.upper()
            if name in ("TRUE", "FALSE") and self.peek() != "(":
                return name == "TRUE"
            if name not in _FUNCTIONS or self.peek() != "(":
                raise Unsupported(text)
            self.pos += 1
            args = []
            while self.peek() != ")":
                args.append(self.comparison())
                if self.peek() == ",":
                    self.pos += 1
                elif self.peek() != ")":
                    raise Unsupported(text)
            self.pos += 1
            return _FUNCTIONS[name](args)
        if text == "(":
            value = self.comparison()
            self.expect(")")
            return value
        raise Unsupported(text)

    def reference(self, text: str):
        if ":" not in text:
            return self.lookup(*_cell(text))
        (r1, c1), (r2, c2) = (_cell(part) for part in text.split(":"))
        return [
            self.lookup(r, c) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1)
        ]


def _compare(op: str, left, right) -> bool:
    if isinstance(left, str) or isinstance(right, str):
        left, right = _text(left).lower(), _text(right).lower()
    else:
        left, right = _number(left), _number(right)
    return {
        "=": left == right,
        "<>": left != right,
        "<": left < right,
        ">": left > right,
        "<=": left <= right,
        ">=": left >= right,
    }[op]
