"""CloudFormation YAML -> plain Python data plus the line span of every key path.

The data is built from the parser's event stream with an explicit stack, so nesting depth, alias
expansion ("billion laughs") and duplicate keys are checked while reading, and nothing recurses on
the shape of the input. Short-form intrinsic tags (!Ref, !GetAtt, ...) become their long form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from checker.model import Unknown
from checker.sam.loaded import LoadedYaml, YamlIssue

if TYPE_CHECKING:
    # The parser's events always carry both marks (the stubs allow None, for events built by hand).
    class _Marked(yaml.Event):
        start_mark: yaml.Mark
        end_mark: yaml.Mark

    class _MarkedScalar(ScalarEvent):
        start_mark: yaml.Mark
        end_mark: yaml.Mark

    class _MarkedStart(yaml.CollectionStartEvent):
        start_mark: yaml.Mark
        end_mark: yaml.Mark

    class _MarkedAlias(AliasEvent):
        start_mark: yaml.Mark
        end_mark: yaml.Mark

    _BaseLoader = yaml.SafeLoader  # or the C one, which is the same to the type checker
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Short-form tag -> long-form key.
INTRINSIC_TAGS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "GetAtt",
            "Sub",
            "If",
            "Join",
            "Select",
            "Split",
            "FindInMap",
            "Equals",
            "And",
            "Or",
            "Not",
            "ImportValue",
            "Base64",
            "Cidr",
            "GetAZs",
            "Transform",
            "Length",
            "ToJsonString",
        )
    },
}
_SCALAR_ONLY = {"!Ref", "!Condition"}
_SEQUENCE_ONLY = {"!If", "!Join", "!Select", "!Split", "!FindInMap", "!Equals", "!And", "!Or", "!Not", "!Cidr"}
_YAML_TAG = "tag:yaml.org,2002:"

DEFAULT_MAX_DEPTH = 100
DEFAULT_MAX_NODES = 500_000


class CfnSafeLoader(_BaseLoader):
    """A PyYAML safe loader that reads CloudFormation's short-form tags as their long form.

    For callers that want `yaml.load(text, Loader=CfnSafeLoader)`; `load_cfn_yaml` is the hardened
    path the checker uses (positions, limits, diagnostics).
    """


def _construct_short_form(loader: SafeConstructor, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    tag = f"!{tag_suffix}"
    if tag not in INTRINSIC_TAGS:
        raise ConstructorError(None, None, f"unknown tag {tag}", node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if tag == "!GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(cast(yaml.MappingNode, node), deep=True)
    return {INTRINSIC_TAGS[tag]: value}


CfnSafeLoader.add_multi_constructor("!", _construct_short_form)


class _Fatal(Exception):
    """The document cannot be read further (malformed structure, a limit reached)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_NO_KEY = object()


class _Frame:
    """A mapping or list being built, with what the limits and the position map need about it."""

    __slots__ = (
        "is_map",
        "flow",
        "value",
        "path",
        "tag",
        "line",
        "anchor",
        "key",
        "key_line",
        "size",
        "height",
        "merges",
        "merge_next",
        "last_end",
    )

    def __init__(self, is_map: bool, flow: bool, path: str, tag: str | None, line: int, anchor: str | None):
        self.is_map = is_map
        self.flow = flow
        self.last_end = line
        self.value: Any = {} if is_map else []
        self.path = path
        self.tag = tag
        self.line = line
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.size = 1
        self.height = 1
        self.merges: list[Any] = []
        self.merge_next = False


def _end_line(start: yaml.Mark, end: yaml.Mark) -> int:
    """1-based last line of a span; a mark at column 0 belongs to the line before it."""
    if end.column == 0 and end.line > start.line:
        return end.line
    return end.line + 1


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Builder:
    """Turns parser events into plain data, one event at a time, with an explicit stack."""

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.result = LoadedYaml()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, expanded size, height)
        self.total = 0
        self.documents = 0
        self.root: Any = None
        self.resolver = Resolver()
        self.plain_scalars: dict[str, Any] = {}  # plain text that resolved to a string
        self.constructor = SafeConstructor()

    # -- events ---------------------------------------------------------------------------------

    def feed(self, event: _Marked) -> None:
        cls = event.__class__
        if cls is ScalarEvent:
            self._scalar_event(cast("_MarkedScalar", event))
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            self._start(cast("_MarkedStart", event), cls is MappingStartEvent)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            self._end(event)
        elif cls is AliasEvent:
            self._alias(cast("_MarkedAlias", event))
        elif cls is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _Fatal(event.start_mark.line + 1, "more than one YAML document; a template is one document")

    def _count(self, size: int, line: int) -> None:
        self.total += size
        if self.total > self.max_nodes:
            raise _Fatal(line, f"document expands to more than {self.max_nodes} values (alias bomb?)")

    def _child_path(self, line: int) -> str:
        if not self.stack:
            return ""
        parent = self.stack[-1]
        if parent.is_map:
            if parent.key is _NO_KEY:
                raise _Fatal(line, "a mapping or list cannot be used as a mapping key")
            return _join(parent.path, parent.key)
        return _join(parent.path, str(len(parent.value)))

    def _scalar_event(self, event: _MarkedScalar) -> None:
        start_mark, end_mark = event.start_mark, event.end_mark
        line = start_mark.line + 1
        if end_mark.line == start_mark.line:
            end = line
        else:
            end = _end_line(start_mark, end_mark)
            self.result.scalar_lines.update(range(line + 1, end + 1))
        self._count(1, line)
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.key is _NO_KEY:
            self._key(parent, event, line)
            return
        value = self._scalar_value(event, line)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, 0)
        self._attach(value, 1, 0, line, end)

    def _key(self, parent: _Frame, event: ScalarEvent, line: int) -> None:
        tag = event.tag
        if tag is not None and tag not in ("!", _YAML_TAG + "str"):
            if tag in INTRINSIC_TAGS:
                raise _Fatal(line, f"intrinsic function {tag} cannot be a mapping key")
            self.issue(line, f"tag {tag} on mapping key '{event.value}' ignored")
        key = event.value
        parent.merge_next = key == "<<" and tag is None and event.implicit[0]
        if key in parent.value and not parent.merge_next:
            first = self.result.positions.get(_join(parent.path, key), (0, 0))[0]
            self.issue(line, f"duplicate key '{key}' (first defined at line {first}); the last one wins")
        parent.key = key
        parent.key_line = line

    def _scalar_value(self, event: ScalarEvent, line: int) -> Any:
        tag = event.tag
        text = event.value
        if tag is None:
            if not event.implicit[0]:
                return text
            cached = self.plain_scalars.get(text, _NO_KEY)
            if cached is not _NO_KEY:
                return cached
            tag = self.resolver.resolve(ScalarNode, text, (True, False))
            if tag == _YAML_TAG + "str":
                self.plain_scalars[text] = text
                return text
        elif tag == "!":
            return text
        elif tag in INTRINSIC_TAGS:
            if tag == "!GetAtt":
                if "." not in text:
                    self.issue(line, f"!GetAtt '{text}' needs the form LogicalId.Attribute")
                    return Unknown(f"invalid !GetAtt {text}")
                return {"Fn::GetAtt": text.split(".", 1)}
            return {INTRINSIC_TAGS[tag]: text}
        elif not tag.startswith(_YAML_TAG):
            self.issue(line, f"unknown tag {tag}")
            return Unknown(f"unknown YAML tag {tag}")
        kind = tag[len(_YAML_TAG) :]
        if kind in ("str", "timestamp", "binary", "merge", "value"):
            return text
        if kind == "null":
            return None
        try:
            if kind == "bool":
                return self.constructor.bool_values[text.lower()]
            if kind == "int":
                return self.constructor.construct_yaml_int(ScalarNode(tag, text))
            if kind == "float":
                return self.constructor.construct_yaml_float(ScalarNode(tag, text))
        except (KeyError, ValueError):
            self.issue(line, f"'{text}' is not a valid !!{kind}")
            return text
        self.issue(line, f"unsupported tag !!{kind} on a scalar")
        return Unknown(f"unsupported YAML tag !!{kind}")

    def _start(self, event: _MarkedStart, is_map: bool) -> None:
        line = event.start_mark.line + 1
        path = self._child_path(line)
        self._count(1, line)
        if len(self.stack) >= self.max_depth:
            raise _Fatal(line, f"nesting deeper than {self.max_depth} levels exceeds notescheck's limit")
        tag = event.tag
        if tag in INTRINSIC_TAGS:
            path = _join(path, INTRINSIC_TAGS[tag])
        self.stack.append(_Frame(is_map, bool(event.flow_style), path, tag, line, event.anchor))

    def _end(self, event: _Marked) -> None:
        frame = self.stack.pop()
        line = frame.line
        # A block collection ends where the next token starts (often after comments): use its last child.
        end = max(_end_line(event.start_mark, event.end_mark), line) if frame.flow else frame.last_end
        value = frame.value
        if frame.is_map and frame.merges:
            for source in frame.merges:
                for key, item in source.items():
                    value.setdefault(key, item)
        value = self._apply_tag(frame, value)
        if frame.anchor:
            self.anchors[frame.anchor] = (value, frame.size, frame.height)
        self._attach(value, frame.size, frame.height, line, end)

    def _apply_tag(self, frame: _Frame, value: Any) -> Any:
        tag = frame.tag
        if tag is None or tag in ("!", _YAML_TAG + "map", _YAML_TAG + "seq", _YAML_TAG + "set"):
            return value
        if tag in INTRINSIC_TAGS:
            if tag in _SCALAR_ONLY or (tag in _SEQUENCE_ONLY and frame.is_map):
                shape = "a mapping" if frame.is_map else "a list"
                self.issue(frame.line, f"{tag} does not take {shape}")
                return Unknown(f"invalid {tag}")
            return {INTRINSIC_TAGS[tag]: value}
        self.issue(frame.line, f"unknown tag {tag}")
        return Unknown(f"unknown YAML tag {tag}")

    def _alias(self, event: _MarkedAlias) -> None:
        line = event.start_mark.line + 1
        name = event.anchor
        if name not in self.anchors:
            if any(frame.anchor == name for frame in self.stack):
                raise _Fatal(line, f"alias *{name} refers to a collection that contains it")
            raise _Fatal(line, f"alias *{name} has no anchor &{name} before it")
        value, size, height = self.anchors[name]
        self._count(size, line)
        if len(self.stack) + height > self.max_depth:
            message = f"nesting deeper than {self.max_depth} levels (through alias *{name}) exceeds notescheck's limit"
            raise _Fatal(line, message)
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.key is _NO_KEY:
            if not isinstance(value, str):
                raise _Fatal(line, "a mapping or list cannot be used as a mapping key")
            parent.key = value
            parent.key_line = line
            parent.merge_next = False
            return
        self._attach(value, size, height, line, _end_line(event.start_mark, event.end_mark))

    def _attach(self, value: Any, size: int, height: int, line: int, end: int) -> None:
        if not self.stack:
            self.root = value
            self.result.positions[""] = (line, end)
            return
        parent = self.stack[-1]
        parent.size += size
        if height >= parent.height:
            parent.height = height + 1
        if end > parent.last_end:
            parent.last_end = end
        if parent.is_map:
            key = parent.key
            parent.key = _NO_KEY
            if parent.merge_next:
                parent.merge_next = False
                sources = value if isinstance(value, list) else [value]
                if all(isinstance(source, dict) for source in sources):
                    parent.merges.extend(sources)
                    return
                self.issue(line, "merge key << needs a mapping or a list of mappings")
                return
            self.result.positions[_join(parent.path, key)] = (parent.key_line, end)
            parent.value[key] = value
        else:
            self.result.positions[_join(parent.path, str(len(parent.value)))] = (line, end)
            parent.value.append(value)

    def issue(self, line: int, message: str) -> None:
        self.result.issues.append(YamlIssue(line, message))


def load_cfn_yaml(
    text: str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
    loader_class: type = CfnSafeLoader,
) -> LoadedYaml:
    """Read one CloudFormation YAML document; never raises on bad input (see LoadedYaml.fatal).

    Only the loader's parser is used (its event stream); `loader_class` lets tests run the pure-Python one.
    """
    builder = _Builder(max_depth, max_nodes)
    loader = loader_class(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or event.__class__ is StreamEndEvent:
                break
            builder.feed(event)
        builder.result.data = builder.root
    except _Fatal as exc:
        builder.result.fatal = YamlIssue(exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        builder.result.fatal = YamlIssue(line, f"malformed YAML: {message}")
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
        message = f"character #x{ord(character):04x} is not allowed in YAML ({exc.reason})"
        builder.result.fatal = YamlIssue(line, message)
    except yaml.YAMLError as exc:
        builder.result.fatal = YamlIssue(0, f"unreadable YAML: {exc}")
    finally:
        loader.dispose()
    if builder.result.fatal is not None:
        builder.result.data = None
    return builder.result
