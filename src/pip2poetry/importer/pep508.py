"""PEP 508 dependency specifiers and PEP 440 versions, without ``packaging``.

A small recursive-descent parser that accepts what pip (through ``packaging``) accepts,
and, for what it rejects, reports the same reason at the same column; the tests check
both against ``packaging`` itself. Markers are kept as a small tree so they can be
rendered the way Poetry writes them and evaluated for the verification of a lock.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]*\b")
_WS = re.compile(r"[ \t]+")
_URL = re.compile(r"[^ \t]+")
_OP = re.compile(r"(===|==|~=|!=|<=|>=|<|>)")
_BOOLOP = re.compile(r"\b(or|and)\b")
_IN = re.compile(r"\bin\b")
_NOT = re.compile(r"\bnot\b")
_QUOTED = re.compile(r"""'[^']*'|"[^"]*\"""")
_VARIABLE = re.compile(
    r"\b(python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)"
    r"|platform[._](?:version|machine|python_implementation)|python_implementation"
    r"|implementation_(?:name|version)|extras?|dependency_groups)\b"
)
_PRE = r"(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?"
_POST = r"(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?"
_DEV = r"(?:[-_.]?dev[-_.]?[0-9]*)?"
_LOCAL = r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?"
_SPECIFIER = re.compile(
    r"(?:===\s*[^\s;)]*"
    rf"|(?:==|!=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:\.\*|(?a:{_PRE}{_POST}{_DEV}{_LOCAL}))?"
    rf"|~=\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+(?a:{_PRE}{_POST}{_DEV})"
    rf"|(?:<=|>=|<|>)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?a:{_PRE}{_POST}{_DEV}))",
    re.IGNORECASE,
)
_PREFIX_TRAIL = re.compile(r"\.\*")
_LOCAL_TRAIL = re.compile(r"\+[a-z0-9]+(?:[-_.][a-z0-9]+)*")


class SpecifierError(ValueError):
    """Not a dependency specifier: ``message`` as pip words it, at ``column`` (0-based)."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


class Marker:
    """``kind`` is "and"/"or" (``items`` are Markers) or "cmp" (``items`` = [lhs, op, rhs],
    each side ("var", name) or ("str", value))."""

    def __init__(self, kind: str, items: list) -> None:
        self.kind = kind
        self.items = items

    def render(self, nested: bool = False) -> str:
        if self.kind == "cmp":
            lhs, op, rhs = self.items
            return f"{_side(lhs)} {op} {_side(rhs)}"
        if self.kind == "or":
            text = " or ".join(m.render(True) for m in self.items)
            return f"({text})" if nested else text
        return " and ".join(m.render(m.kind == "or") for m in self.items)

    def evaluate(self, env: dict[str, str]) -> bool:
        if self.kind == "and":
            return all(m.evaluate(env) for m in self.items)
        if self.kind == "or":
            return any(m.evaluate(env) for m in self.items)
        (lk, lv), op, (rk, rv) = self.items
        # "extra" compares only when the caller names one (env["extra"]); the sets are never known.
        unknown = ("extras", "dependency_groups") if "extra" in env else ("extra", "extras", "dependency_groups")
        if (lk == "var" and lv in unknown) or (rk == "var" and rv in unknown):
            return False
        left = env.get(lv, "") if lk == "var" else lv
        right = env.get(rv, "") if rk == "var" else rv
        return _compare(left, op, right)

    def names(self) -> set[str]:
        if self.kind == "cmp":
            return {v for k, v in (self.items[0], self.items[2]) if k == "var"}
        return set().union(*(m.names() for m in self.items))


def _side(side: tuple[str, str]) -> str:
    kind, value = side
    if kind == "var":
        return value
    return f"'{value}'" if '"' in value else f'"{value}"'


def _compare(left: str, op: str, right: str) -> bool:
    if op == "in":
        return left in right
    if op == "not in":
        return left not in right
    lkey, rkey = version_key(left), version_key(right)
    if lkey is not None and rkey is not None and op != "===":
        if op == "~=":
            parts = right.split(".")
            upper = version_key(".".join(parts[:-1]) + ".99999999") if len(parts) > 1 else None
            return lkey >= rkey and (upper is None or lkey < upper)
        return {"==": lkey == rkey, "!=": lkey != rkey, "<": lkey < rkey, "<=": lkey <= rkey,
                ">": lkey > rkey, ">=": lkey >= rkey}[op]  # fmt: skip
    return {"==": left == right, "===": left == right, "!=": left != right, "<": left < right,
            "<=": left <= right, ">": left > right, ">=": left >= right, "~=": False}[op]  # fmt: skip


class Requirement:
    def __init__(self, name: str) -> None:
        self.name = name
        self.extras: list[str] = []
        self.specifier = ""  # as written, whitespace removed: ">=1.2,<2"
        self.url = ""
        self.marker: Marker | None = None

    def marker_text(self) -> str:
        return self.marker.render() if self.marker else ""


class _Tokens:
    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    def match(self, pattern: re.Pattern[str]) -> str | None:
        m = pattern.match(self.source, self.pos)
        if m is None:
            return None
        self.pos = m.end()
        return m.group()

    def peek(self, pattern: re.Pattern[str]) -> bool:
        return pattern.match(self.source, self.pos) is not None

    def ws(self) -> None:
        self.match(_WS)

    def at_end(self) -> bool:
        return self.pos >= len(self.source)

    def error(self, message: str, at: int | None = None) -> SpecifierError:
        return SpecifierError(message, self.pos if at is None else at)

    def expect(self, pattern: re.Pattern[str], what: str) -> str:
        text = self.match(pattern)
        if text is None:
            raise self.error(f"Expected {what}")
        return text

    def literal(self, char: str) -> bool:
        if self.source.startswith(char, self.pos):
            self.pos += 1
            return True
        return False


def parse_requirement(source: str) -> Requirement:
    t = _Tokens(source)
    t.ws()
    name = t.expect(_NAME, "package name at the start of dependency specifier")
    req = Requirement(name)
    t.ws()
    if t.literal("["):
        opened = t.pos - 1
        t.ws()
        if t.peek(_NAME):
            req.extras.append(t.match(_NAME))  # type: ignore[arg-type]
            while True:
                t.ws()
                if t.peek(_NAME):
                    raise t.error("Expected comma between extra names")
                if not t.literal(","):
                    break
                t.ws()
                req.extras.append(t.expect(_NAME, "extra name after comma"))
        t.ws()
        if not t.literal("]"):
            raise t.error("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras")
        del opened
    t.ws()
    if t.literal("@"):
        t.ws()
        req.url = t.expect(_URL, "URL after @")
        if t.at_end():
            return req
        if not t.match(_WS):
            raise t.error("Expected whitespace after URL")
        if t.at_end():
            return req
        _requirement_marker(t, req, "semicolon (after URL and whitespace)")
    else:
        req.specifier = _specifier(t)
        t.ws()
        if t.at_end():
            return req
        expected = (
            "comma (within version specifier), semicolon (after version specifier)"
            if req.specifier
            else "semicolon (after name with no version specifier)"
        )
        _requirement_marker(t, req, expected)
    if not t.at_end():
        raise t.error("Expected end of dependency specifier")
    return req


def _requirement_marker(t: _Tokens, req: Requirement, expected: str) -> None:
    if not t.literal(";"):
        raise t.error(f"Expected {expected} or end")
    req.marker = _marker(t)
    t.ws()


def _specifier(t: _Tokens) -> str:
    paren = t.literal("(")
    t.ws()
    parts: list[str] = []
    while True:
        start = t.pos
        spec = t.match(_SPECIFIER)
        if spec is None:
            break
        parts.append(re.sub(r"\s+", "", spec))
        if t.peek(_PREFIX_TRAIL):
            if spec.startswith("!=") or (spec.startswith("==") and not spec.startswith("===")):
                raise t.error(".* suffix cannot be used with pre-release, post-release, dev or local versions", t.pos + 1)
            raise t.error(".* suffix can only be used with `==` or `!=` operators", t.pos + 1)
        if t.peek(_LOCAL_TRAIL):
            raise t.error("Local version label can only be used with `==` or `!=` operators")
        del start
        t.ws()
        if not t.literal(","):
            break
        t.ws()
    t.ws()
    if paren and not t.literal(")"):
        raise t.error("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier")
    return ",".join(parts)


def parse_marker(source: str) -> Marker:
    t = _Tokens(source)
    marker = _marker(t)
    if not t.at_end():
        raise t.error("Expected end of marker expression")
    return marker


def _marker(t: _Tokens) -> Marker:
    # or-groups of and-groups: "a or b and c" is "a or (b and c)", as in packaging.
    ors: list[Marker] = []
    ands: list[Marker] = [_atom(t)]
    while True:
        op = t.match(_BOOLOP)
        if op is None:
            break
        if op == "or":
            ors.append(ands[0] if len(ands) == 1 else Marker("and", ands))
            ands = []
        ands.append(_atom(t))
    ors.append(ands[0] if len(ands) == 1 else Marker("and", ands))
    return ors[0] if len(ors) == 1 else Marker("or", ors)


def _atom(t: _Tokens) -> Marker:
    t.ws()
    if t.literal("("):
        t.ws()
        marker = _marker(t)
        t.ws()
        if not t.literal(")"):
            raise t.error("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression")
    else:
        t.ws()
        left = _var(t)
        t.ws()
        if t.match(_IN):
            op = "in"
        elif t.match(_NOT):
            t.expect(_WS, "whitespace after 'not'")
            t.expect(_IN, "'in' after 'not'")
            op = "not in"
        else:
            op = t.match(_OP) or ""
            if not op:
                raise t.error("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
        t.ws()
        right = _var(t)
        marker = Marker("cmp", [left, op, right])
    t.ws()
    return marker


def _var(t: _Tokens) -> tuple[str, str]:
    var = t.match(_VARIABLE)
    if var is not None:
        var = var.replace(".", "_")
        return ("var", "platform_python_implementation" if var == "python_implementation" else var)
    quoted = t.match(_QUOTED)
    if quoted is not None:
        return ("str", quoted[1:-1])
    raise t.error("Expected a marker variable or quoted string")


# -- names and versions -------------------------------------------------------------------
def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_VERSION = re.compile(
    r"^\s*v?(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)"
    r"(?P<pre>[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?"
    r"(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?"
    r"(?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?"
    r"(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$",
    re.IGNORECASE,
)
_PRE_ORDER = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


def parse_version(text: str) -> re.Match[str] | None:
    return _VERSION.match(text)


def release(text: str) -> list[int]:
    m = _VERSION.match(text)
    return [int(p) for p in m.group("release").split(".")] if m else []


def version_key(text: str) -> tuple | None:
    """A sort key with PEP 440's order, or None for a string that is not a version."""
    m = _VERSION.match(text)
    if m is None:
        return None
    rel = [int(p) for p in m.group("release").split(".")]
    while len(rel) > 1 and rel[-1] == 0:
        rel.pop()
    inf = float("inf")
    pre: tuple = (inf,)
    if m.group("pre"):
        pre = (_PRE_ORDER[m.group("pre_l").lower()], int(m.group("pre_n") or 0))
    elif m.group("dev") and not m.group("post"):
        pre = (-inf,)
    post: tuple = (-inf,)
    if m.group("post"):
        post = (int(m.group("post_n1") or m.group("post_n2") or 0),)
    dev: tuple = (int(m.group("dev_n") or 0),) if m.group("dev") else (inf,)
    local = tuple((0, int(p)) if p.isdigit() else (-1, p) for p in re.split(r"[-_.]", m.group("local").lower())) if m.group("local") else ()
    return (int(m.group("epoch") or 0), tuple(rel), pre, post, dev, local)


def canonical_version(text: str) -> str:
    """PEP 440's normal form: "1.0-RC1" is "1.0rc1"."""
    m = _VERSION.match(text)
    if m is None:
        return text.strip()
    out = ".".join(str(int(p)) for p in m.group("release").split("."))
    if m.group("epoch"):
        out = f"{int(m.group('epoch'))}!{out}"
    if m.group("pre"):
        label = {"alpha": "a", "beta": "b", "c": "rc", "pre": "rc", "preview": "rc"}.get(m.group("pre_l").lower(), m.group("pre_l").lower())
        out += f"{label}{int(m.group('pre_n') or 0)}"
    if m.group("post"):
        out += f".post{int(m.group('post_n1') or m.group('post_n2') or 0)}"
    if m.group("dev"):
        out += f".dev{int(m.group('dev_n') or 0)}"
    if m.group("local"):
        out += "+" + ".".join(re.split(r"[-_.]", m.group("local").lower()))
    return out
