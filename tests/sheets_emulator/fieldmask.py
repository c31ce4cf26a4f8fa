"""Field masks: ``fields=sheets.data.rowData.values.note`` on reads, ``"fields": "note"`` on writes.

Google accepts ``a.b`` and ``a/b`` for nesting, ``a(b,c)`` for several children and ``*`` for all.
Paths come out as tuples of names.
"""

from __future__ import annotations

import copy


class MaskSyntaxError(ValueError):
    pass


def parse(mask: str) -> list[tuple[str, ...]]:
    paths, rest = _parse_list(mask, 0, ())
    if rest != len(mask):
        raise MaskSyntaxError(mask)
    return paths


def _parse_list(mask: str, pos: int, prefix: tuple) -> tuple[list, int]:
    paths = []
    while True:
        name_start = pos
        while pos < len(mask) and mask[pos] not in ",()":
            pos += 1
        raw = mask[name_start:pos]
        if raw == "":
            raise MaskSyntaxError(mask)
        path = prefix + tuple(part for part in raw.replace("/", ".").split("."))
        if pos < len(mask) and mask[pos] == "(":
            children, pos = _parse_list(mask, pos + 1, path)
            if pos >= len(mask) or mask[pos] != ")":
                raise MaskSyntaxError(mask)
            paths.extend(children)
            pos += 1
        else:
            paths.append(path)
        if pos < len(mask) and mask[pos] == ",":
            pos += 1
            continue
        return paths, pos


def tree(paths: list[tuple[str, ...]]) -> dict:
    """Nested dict of the masked names; an empty dict means "this whole value"."""
    root: dict = {}
    for path in paths:
        node = root
        for i, name in enumerate(path):
            if name == "*":
                node.clear()
                node["*"] = {}
                break
            if node.get(name) == {}:
                break  # a shorter path already selects the whole value
            node = node.setdefault(name, {})
            if i == len(path) - 1:
                node.clear()
    return root


def project(value, mask_tree: dict):
    """Keep only the masked parts of a response; lists are projected element by element."""
    if not mask_tree or "*" in mask_tree:
        return value
    if isinstance(value, list):
        return [project(item, mask_tree) for item in value]
    if isinstance(value, dict):
        # A leaf of the mask keeps its value whole: no call for it (big grids have millions).
        return {
            k: v if not (sub := mask_tree[k]) or "*" in sub else project(v, sub)
            for k, v in value.items()
            if k in mask_tree
        }
    return value


def apply_update(target: dict, source: dict, paths: list[tuple[str, ...]]) -> dict:
    """A new dict: `target` with every masked path taken from `source` (absent there = cleared).

    Only the dicts along changed paths are copied; the rest is shared with `target`, which is
    safe because stored values are never changed in place.
    """
    result = dict(target)
    for path in paths:
        if path == ("*",):
            return copy.deepcopy(source)
        if path[-1] == "*":
            path = path[:-1]
        _set_path(result, path, _get_path(source, path))
    return result


_MISSING = object()


def _get_path(value, path):
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return _MISSING
        value = value[name]
    return copy.deepcopy(value)


def _set_path(target: dict, path, value) -> None:
    node = target
    for name in path[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            if value is _MISSING:
                return
            child = {}
        node[name] = child = dict(child)  # copy on write
        node = child
    if value is _MISSING or value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
