"""Terraform's built-in functions that can be computed statically, on plain Python values.

Each function takes already-evaluated arguments. Unless it is registered with `keeps_unknowns`,
an argument that contains an Unknown anywhere makes the result that Unknown; functions that keep
unknowns only look at the structure (length, keys, concat...) and still return Unknown when a
whole argument is unknown.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from checker.hcl.types import set_order, unify, unify_deep
from checker.hcl.values import (
    EvalError,
    SetValue,
    find_unknown,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
    values_equal,
)
from checker.model import JSON_HOLE, Unknown

FUNCTIONS: dict[str, Callable[..., Any]] = {}
KEEPS_UNKNOWNS: set[str] = set()


def function(name: str, keeps_unknowns: bool = False):
    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = impl
        if keeps_unknowns:
            KEEPS_UNKNOWNS.add(name)
        return impl

    return register


def call_function(name: str, args: list[Any]) -> Any:
    impl = FUNCTIONS.get(name)
    if impl is None:
        return Unknown(f"function {name}() is not evaluated statically")
    if name in KEEPS_UNKNOWNS:
        for arg in args:
            if isinstance(arg, Unknown):
                return arg
    else:
        for arg in args:
            unknown = find_unknown(arg)
            if unknown is not None:
                return unknown
    try:
        return impl(*args)
    except TypeError as exc:
        raise EvalError(f"{name}(): wrong number or type of arguments ({exc})") from None
    except (ValueError, ArithmeticError, RecursionError) as exc:
        raise EvalError(f"{name}(): {exc}") from None


def _list(value: Any, what: str = "argument") -> list:
    if isinstance(value, list):
        return value
    raise EvalError(f"{what} must be a list, not {type_name(value)}")


def _sequence(value: Any, name: str) -> list:
    """A list or tuple argument: Terraform refuses a set where a function reads elements by position
    (element, index, slice, concat, coalescelist)."""
    if isinstance(value, SetValue):
        raise EvalError(f"{name}: a set has no order to read by position; convert it with tolist()")
    return _list(value)


def _map(value: Any, what: str = "argument") -> dict:
    if isinstance(value, dict):
        return value
    raise EvalError(f"{what} must be a map or object, not {type_name(value)}")


def _str(value: Any) -> str:
    return to_string(value)


def _int(value: Any) -> int:
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise EvalError(f"{number} is not a whole number")
        number = int(number)
    return number


# -- strings -------------------------------------------------------------------------------------

_FORMAT_VERB = re.compile(r"%(?:\[(\d+)\])?([-+ #0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _format_one(spec: str, args: list[Any]) -> str:
    out = []
    position = 0
    next_arg = 0
    for match in _FORMAT_VERB.finditer(spec):
        out.append(spec[position : match.start()])
        position = match.end()
        explicit, flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        index = int(explicit) - 1 if explicit else next_arg
        if index >= len(args) or index < 0:
            raise EvalError(f"format: not enough arguments for {match.group(0)!r}")
        next_arg = index + 1
        value = args[index]
        if verb in "sv":
            if verb == "v" and isinstance(value, list | dict):
                text = jsonencode(value)
            else:
                text = _str(value) if value is not None else "null"
            if precision is not None and verb == "s":
                text = text[: int(precision)]
        elif verb == "q":
            text = json.dumps(_str(value), ensure_ascii=False)
        elif verb == "t":
            text = "true" if to_bool(value) else "false"
        elif verb in "dboxX":
            number = _int(value)
            base = {"d": "d", "b": "b", "o": "o", "x": "x", "X": "X"}[verb]
            text = format(number, base)
            if "+" in flags and number >= 0:
                text = "+" + text
        elif verb in "feEgG":
            real = float(to_number(value))
            places = f".{precision}" if precision is not None else ("" if verb in "gG" else ".6")
            text = format(real, f"{places}{verb}")
            if "+" in flags and real >= 0:
                text = "+" + text
        else:
            raise EvalError(f"format: unsupported verb {match.group(0)!r}")
        if width:
            size = int(width)
            if "-" in flags:
                text = text.ljust(size)
            elif "0" in flags and verb not in "sqvt":
                sign = text[0] if text[:1] in "+-" else ""
                text = sign + text[len(sign) :].rjust(size - len(sign), "0")
            else:
                text = text.rjust(size)
        out.append(text)
    out.append(spec[position:])
    return "".join(out)


@function("format")
def format_(spec, *args):
    return _format_one(_str(spec), list(args))


@function("formatlist")
def formatlist(spec, *args):
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist: all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    return [_format_one(_str(spec), [a[i] if isinstance(a, list) else a for a in args]) for i in range(count)]


def _rune_case(text: str, change) -> str:
    """Go maps case rune by rune: a rune whose mapping is several runes (ß -> SS) stays as it is."""
    out = []
    for char in text:
        mapped = change(char)
        out.append(mapped if len(mapped) == 1 else char)
    return "".join(out)


@function("lower")
def lower(text):
    return _rune_case(_str(text), str.lower)


@function("upper")
def upper(text):
    return _rune_case(_str(text), str.upper)


@function("title")
def title(text):
    # Go's strings.Title: a letter after anything but a letter, digit or underscore starts a word
    return re.sub(r"(?<!\w)(\w)", lambda m: _rune_case(m.group(1), str.upper), _str(text))


@function("trimspace")
def trimspace(text):
    return _str(text).strip()


@function("trim")
def trim(text, cutset):
    return _str(text).strip(_str(cutset))


@function("trimprefix")
def trimprefix(text, prefix):
    return _str(text).removeprefix(_str(prefix))


@function("trimsuffix")
def trimsuffix(text, suffix):
    return _str(text).removesuffix(_str(suffix))


@function("chomp")
def chomp(text):
    return re.sub(r"(\r\n|\n|\r)+$", "", _str(text))


@function("replace")
def replace(text, search, replacement):
    text, search, replacement = _str(text), _str(search), _str(replacement)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        pattern = re.compile(search[1:-1])
        return pattern.sub(lambda match: _go_expand(replacement, match), text)
    return text.replace(search, replacement)


_ZWJ = "\u200d"
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_FIRST_PICTOGRAPH = 0x00A9  # a ZWJ joins an emoji to the one before (the first Extended_Pictographic is ©)


def _extends(char: str) -> bool:
    """A character that belongs to the cluster before it: a combining mark, a variation selector, an emoji
    skin-tone modifier, a tag character, a ZWJ, or a conjoining Hangul vowel or final consonant."""
    point = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0xFE00 <= point <= 0xFE0F
        or 0xE0100 <= point <= 0xE01EF
        or 0x1F3FB <= point <= 0x1F3FF
        or 0xE0020 <= point <= 0xE007F
        or 0x1160 <= point <= 0x11FF
    )


def graphemes(text: str) -> list[str]:
    """The text's user-perceived characters, as Terraform counts them (length, substr, strrev work on
    grapheme clusters): Unicode's extended grapheme clusters for marks, emoji ZWJ sequences, modifiers and
    flags; Prepend characters and Hangul syllable composition beyond conjoining jamo are not modelled."""
    clusters: list[str] = []
    regional_run = 0
    for char in text:
        regional = ord(char) in _REGIONAL_INDICATORS
        joins = clusters and (
            _extends(char)
            or (clusters[-1].endswith(_ZWJ) and ord(char) >= _FIRST_PICTOGRAPH)
            or (char == "\n" and clusters[-1].endswith("\r"))
            or (regional and regional_run % 2 == 1)
        )
        if joins:
            clusters[-1] += char
        else:
            clusters.append(char)
        regional_run = regional_run + 1 if regional else 0
    return clusters


# `$name` (the longest run of letters, digits and _) or `${name}` in a Go regexp replacement template.
_GO_TEMPLATE_NAME = re.compile(r"\{(\w+)\}|(\w+)")


def _go_expand(template: str, match: re.Match[str]) -> str:
    """Go's Regexp.Expand, which Terraform's replace() uses: `$1x` names group "1x" (absent: empty), not group 1
    then "x"; a group that does not exist or did not take part is empty; `$$` is a literal "$"."""
    out: list[str] = []
    position = 0
    while position < len(template):
        dollar = template.find("$", position)
        if dollar < 0:
            out.append(template[position:])
            break
        out.append(template[position:dollar])
        if template.startswith("$$", dollar):
            out.append("$")
            position = dollar + 2
            continue
        name = _GO_TEMPLATE_NAME.match(template, dollar + 1)
        if name is None:
            out.append("$")
            position = dollar + 1
            continue
        out.append(_group_text(match, name.group(1) or name.group(2)))
        position = name.end()
    return "".join(out)


def _group_text(match: re.Match[str], name: str) -> str:
    if name.isdigit():
        number = int(name)
        return (match.group(number) or "") if number <= match.re.groups else ""
    return (match.groupdict().get(name) or "") if name in match.re.groupindex else ""


@function("split")
def split(separator, text):
    text = _str(text)
    if text == "":
        return [""]
    return text.split(_str(separator)) if _str(separator) else list(text)


@function("join")
def join(separator, *lists):
    if not lists:
        raise EvalError("join: at least one list is required")
    items = [item for value in lists for item in _list(value)]
    return _str(separator).join(_str(item) for item in items)


@function("substr")
def substr(text, offset, length):
    clusters, offset, length = graphemes(_str(text)), _int(offset), _int(length)
    if offset < 0:
        offset = max(0, len(clusters) + offset)
    if offset > len(clusters):
        raise EvalError("substr: offset is past the end of the string")
    return "".join(clusters[offset:] if length < 0 else clusters[offset : offset + length])


@function("strrev")
def strrev(text):
    return "".join(reversed(graphemes(_str(text))))


@function("startswith")
def startswith(text, prefix):
    return _str(text).startswith(_str(prefix))


@function("endswith")
def endswith(text, suffix):
    return _str(text).endswith(_str(suffix))


@function("indent")
def indent(spaces, text):
    pad = " " * _int(spaces)
    return _str(text).replace("\n", "\n" + pad)


@function("regex")
def regex(pattern, text):
    match = re.search(_str(pattern), _str(text))
    if match is None:
        raise EvalError("regex: pattern did not match")
    if match.groupdict():
        return dict(match.groupdict())
    if match.groups():
        return list(match.groups())
    return match.group(0)


@function("regexall")
def regexall(pattern, text):
    compiled = re.compile(_str(pattern))
    results: list[Any] = []  # a map, a list or a string per match, as the pattern has named, plain or no groups
    for match in compiled.finditer(_str(text)):
        if match.groupdict():
            results.append(dict(match.groupdict()))
        elif match.groups():
            results.append(list(match.groups()))
        else:
            results.append(match.group(0))
    return results


# -- collections ---------------------------------------------------------------------------------


@function("length", keeps_unknowns=True)
def length(value):
    if isinstance(value, str):
        return len(graphemes(value)) if not value.isascii() else len(value)
    if isinstance(value, list | dict):
        return len(value)
    raise EvalError(f"length: cannot take the length of {type_name(value)}")


@function("merge", keeps_unknowns=True)
def merge(*maps):
    result: dict = {}
    for value in maps:
        if value is None:
            continue
        result.update(_map(value, "merge argument"))
    return result


@function("lookup", keeps_unknowns=True)
def lookup(mapping, key, *default):
    mapping = _map(mapping)
    key = _str(key) if not isinstance(key, Unknown) else key
    if isinstance(key, Unknown):
        return key
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise EvalError(f"lookup: key {key!r} not found and no default given")


@function("concat", keeps_unknowns=True)
def concat(*lists):
    return [item for value in lists for item in _sequence(value, "concat")]


def _first_usable(values, usable):
    for value in values:
        if isinstance(value, Unknown):
            return value
        if usable(value):
            return value
    raise EvalError("no non-null, non-empty argument")


@function("coalesce", keeps_unknowns=True)
def coalesce(*values):
    known = [v for v in values if v is not None]
    if any(isinstance(v, Unknown) for v in known):
        return _first_usable(values, lambda v: v is not None and v != "")
    # the arguments take one type first (1 and "a" are "1" and "a"), then the first non-empty wins
    return _first_usable(unify(known), lambda v: v is not None and v != "")


@function("coalescelist", keeps_unknowns=True)
def coalescelist(*lists):
    for value in lists:
        if not isinstance(value, Unknown):
            _sequence(value, "coalescelist")
    return _first_usable(lists, lambda v: isinstance(v, list) and len(v) > 0)


@function("tomap", keeps_unknowns=True)
def tomap(value):
    mapping = _map(value)
    return dict(zip(mapping, unify_deep(list(mapping.values())), strict=True))


@function("tolist", keeps_unknowns=True)
def tolist(value):
    return unify_deep(list(_list(value)))


def _distinct(items: list) -> list:
    result: list = []
    for item in items:
        if not any(values_equal(item, seen) for seen in result):
            result.append(item)
    return result


def _set_order(items: list) -> Any:
    """A set's elements: one type (unified as Terraform does), deduplicated, in Terraform's order."""
    return set_order(unify_deep(items))


@function("toset")
def toset(value):
    return _set_order(_list(value))


@function("distinct")
def distinct(value):
    return _distinct(_list(value))


@function("setunion")
def setunion(*sets):
    return _set_order([item for value in sets for item in _list(value)])


@function("setintersection")
def setintersection(first, *others):
    items = [i for i in _list(first) if all(any(values_equal(i, o) for o in _list(other)) for other in others)]
    return _set_order(items)


@function("setsubtract")
def setsubtract(first, second):
    return _set_order([i for i in _list(first) if not any(values_equal(i, o) for o in _list(second))])


@function("tostring")
def tostring(value):
    return None if value is None else _str(value)


@function("tonumber")
def tonumber(value):
    return None if value is None else to_number(value)


@function("tobool")
def tobool(value):
    return None if value is None else to_bool(value)


@function("contains")
def contains(collection, value):
    return any(values_equal(item, value) for item in _list(collection))


@function("keys", keeps_unknowns=True)
def keys(mapping):
    return sorted(_map(mapping))


@function("values", keeps_unknowns=True)
def values(mapping):
    mapping = _map(mapping)
    return [mapping[k] for k in sorted(mapping)]


@function("element", keeps_unknowns=True)
def element(collection, index):
    items = _sequence(collection, "element")
    if not items:
        raise EvalError("element: cannot use element() on an empty list")
    if isinstance(index, Unknown):
        return index
    return items[_int(index) % len(items)]


@function("index")
def index_(collection, value):
    for position, item in enumerate(_sequence(collection, "index")):
        if values_equal(item, value):
            return position
    raise EvalError("index: value not found")


@function("slice", keeps_unknowns=True)
def slice_(collection, start, end):
    items = _sequence(collection, "slice")
    start, end = _int(start), _int(end)
    if start < 0 or end > len(items) or start > end:
        raise EvalError("slice: index out of range")
    return items[start:end]


@function("flatten")
def flatten(value):
    result: list = []
    stack = [iter(_list(value))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            result.append(item)
        else:
            stack.pop()
    return result


@function("compact")
def compact(value):
    return [item for item in _list(value) if item is not None and item != ""]


@function("reverse", keeps_unknowns=True)
def reverse(value):
    return list(reversed(_list(value)))


@function("sort")
def sort(value):
    return sorted(_str(item) for item in _list(value))


@function("one", keeps_unknowns=True)
def one(value):
    items = _list(value)
    if len(items) > 1:
        raise EvalError("one: the list has more than one element")
    return items[0] if items else None


@function("zipmap", keeps_unknowns=True)
def zipmap(key_list, value_list):
    names, items = _list(key_list), _list(value_list)
    if len(names) != len(items):
        raise EvalError("zipmap: the key and value lists differ in length")
    for name in names:
        if isinstance(name, Unknown):
            return name
    return {_str(name): item for name, item in zip(names, items, strict=True)}


@function("range")
def range_(*args):
    numbers = [to_number(a) for a in args]
    start: int | float
    limit: int | float
    step: int | float
    if len(numbers) == 1:
        start, limit, step = 0, numbers[0], 1
    elif len(numbers) == 2:
        start, limit, step = numbers[0], numbers[1], 1
    elif len(numbers) == 3:
        start, limit, step = numbers
    else:
        raise EvalError("range: takes one to three arguments")
    if step == 0:
        raise EvalError("range: step must not be zero")
    if math.ceil((limit - start) / step) > 1024:
        raise EvalError("range: more than 1024 elements")
    result = []
    current = start
    while (step > 0 and current < limit) or (step < 0 and current > limit):
        result.append(normalize_number(current))
        current += step
    return result


@function("chunklist")
def chunklist(value, size):
    items, size = list(_list(value)), _int(size)
    if size <= 0:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]


@function("setproduct")
def setproduct(*sets):
    if len(sets) < 2:
        raise EvalError("setproduct: at least two arguments are required")
    lists = [_list(value) for value in sets]
    result: list = [[]]
    for items in lists:
        result = [combination + [item] for combination in result for item in items]
    # a list of the combinations only when every argument is a list or tuple; with any set, a set (ordered
    # as a set of tuples)
    return set_order(result) if any(isinstance(value, SetValue) for value in sets) else result


@function("alltrue")
def alltrue(value):
    return all(to_bool(item) for item in _list(value))


@function("anytrue")
def anytrue(value):
    return any(to_bool(item) for item in _list(value))


@function("transpose")
def transpose(mapping):
    result: dict[str, list] = {}
    for key in sorted(_map(mapping)):
        for item in _list(mapping[key]):
            result.setdefault(_str(item), []).append(key)
    return {k: sorted(v) for k, v in sorted(result.items())}


# -- numbers -------------------------------------------------------------------------------------


def _numbers(args) -> list:
    if len(args) == 1 and isinstance(args[0], list):
        args = args[0]
    if not args:
        raise EvalError("at least one number is required")
    return [to_number(a) for a in args]


@function("min")
def min_(*args):
    return min(_numbers(args))


@function("max")
def max_(*args):
    return max(_numbers(args))


@function("sum")
def sum_(value):
    return normalize_number(sum(to_number(item) for item in _list(value)))


@function("abs")
def abs_(value):
    return abs(to_number(value))


@function("ceil")
def ceil(value):
    return math.ceil(to_number(value))


@function("floor")
def floor(value):
    return math.floor(to_number(value))


@function("signum")
def signum(value):
    number = _int(value)
    return (number > 0) - (number < 0)


@function("pow")
def pow_(base, exponent):
    return normalize_number(float(to_number(base)) ** float(to_number(exponent)))


@function("log")
def log(value, base):
    return normalize_number(math.log(to_number(value), to_number(base)))


@function("parseint")
def parseint(text, base):
    return int(_str(text), _int(base))


# -- network -------------------------------------------------------------------------------------


def _network(prefix: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(_str(prefix), strict=False)
    except ValueError as exc:
        raise EvalError(f"invalid CIDR prefix {prefix!r}: {exc}") from None


def _subnet(network, newbits: int, number: int):
    new_prefix = network.prefixlen + newbits
    if newbits < 0 or new_prefix > network.max_prefixlen:
        raise EvalError(f"insufficient address space to extend prefix of {network.prefixlen} by {newbits}")
    if number < 0 or number >= 1 << newbits:
        raise EvalError(f"prefix extension of {newbits} does not accommodate a subnet numbered {number}")
    base = int(network.network_address) + (number << (network.max_prefixlen - new_prefix))
    return ipaddress.ip_network((base, new_prefix))


@function("cidrsubnet")
def cidrsubnet(prefix, newbits, netnum):
    return str(_subnet(_network(prefix), _int(newbits), _int(netnum)))


@function("cidrhost")
def cidrhost(prefix, hostnum):
    network, number = _network(prefix), _int(hostnum)
    size = network.num_addresses
    if number < -size or number >= size:
        raise EvalError(f"prefix of {network.prefixlen} does not accommodate a host numbered {number}")
    address = int(network.network_address) + (number if number >= 0 else size + number)
    return str(ipaddress.ip_address(address) if network.version == 6 else ipaddress.IPv4Address(address))


@function("cidrnetmask")
def cidrnetmask(prefix):
    network = _network(prefix)
    if network.version != 4:
        raise EvalError("cidrnetmask: only IPv4 prefixes have a netmask")
    return str(network.netmask)


@function("cidrsubnets")
def cidrsubnets(prefix, *newbits):
    network = _network(prefix)
    result = []
    current = int(network.network_address)
    end = current + network.num_addresses
    for bits in newbits:
        new_prefix = network.prefixlen + _int(bits)
        if new_prefix > network.max_prefixlen or _int(bits) < 1:
            raise EvalError(f"cidrsubnets: cannot extend prefix {network.prefixlen} by {bits}")
        size = 1 << (network.max_prefixlen - new_prefix)
        current = -(-current // size) * size  # aligned to the new prefix
        if current + size > end:
            raise EvalError("cidrsubnets: not enough remaining address space")
        result.append(str(ipaddress.ip_network((current, new_prefix))))
        current += size
    return result


# -- sensitivity: notescheck never prints a value in evidence that is marked sensitive by a variable;
# the value itself is the same, as in Terraform

FUNCTIONS["sensitive"] = lambda value: value
FUNCTIONS["nonsensitive"] = lambda value: value


# -- encoding ------------------------------------------------------------------------------------


def jsonencode(value: Any) -> str:
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@function("jsonencode", keeps_unknowns=True)
def jsonencode_partly_known(value: Any) -> str | Unknown:
    """jsonencode(); with values known only after apply inside (a policy naming a distribution's ARN), an
    Unknown whose known fragments are the JSON text around them (checker.model.partly_known_json reads it
    back), so that what is known of the document can still be checked."""
    reasons: list[str] = []

    def marked(item: Any) -> Any:
        if isinstance(item, Unknown):
            reasons.append(item.reason)
            return JSON_HOLE + JSON_HOLE.join(item.known) + JSON_HOLE if item.known else JSON_HOLE
        if isinstance(item, dict):
            return {key: marked(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [marked(inner) for inner in item]
        return item

    text = jsonencode(marked(value))
    if not reasons:
        return text
    reason = "; ".join(dict.fromkeys(reasons))  # the holes are not told apart: each says every reason
    return Unknown(reason, tuple(re.sub(f"{JSON_HOLE}+", JSON_HOLE, text).split(JSON_HOLE)))


def _normalize_json(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, list):
        return [_normalize_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalize_json(v) for k, v in value.items()}
    return value


@function("jsondecode")
def jsondecode(text):
    try:
        return _normalize_json(json.loads(_str(text)))
    except json.JSONDecodeError as exc:
        raise EvalError(f"jsondecode: {exc}") from None


@function("base64encode")
def base64encode(text):
    return base64.b64encode(_str(text).encode()).decode()


@function("base64decode")
def base64decode(text):
    try:
        return base64.b64decode(_str(text), validate=True).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvalError(f"base64decode: {exc}") from None


@function("md5")
def md5(text):
    return hashlib.md5(_str(text).encode()).hexdigest()


@function("sha1")
def sha1(text):
    return hashlib.sha1(_str(text).encode()).hexdigest()


@function("sha256")
def sha256(text):
    return hashlib.sha256(_str(text).encode()).hexdigest()
