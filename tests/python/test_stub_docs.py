"""The stub's docstrings are the runtime docstrings (issue 16): an IDE reading
_native.pyi shows what ``help()`` shows. The Rust ``///`` comments are the source."""

import ast
import inspect
from pathlib import Path

import pytest

import bildungsnetz._native as native

STUB = Path(native.__file__).with_name("_native.pyi")


def normalised(doc: str | None) -> str | None:
    """`doc` as ``inspect.cleandoc`` gives it, without pyo3's text-signature line."""
    if doc is None:
        return None
    lines = inspect.cleandoc(doc).splitlines()
    if len(lines) >= 2 and lines[1] == "--" and lines[0].endswith(")"):
        lines = lines[2:]
    return "\n".join(lines).strip() or None


def runtime_doc(owner: object, name: str) -> str | None:
    # A property's doc is on the descriptor; a static or class method's on the function.
    attribute = inspect.getattr_static(owner, name)
    if isinstance(attribute, (staticmethod, classmethod)):
        attribute = attribute.__func__
    return normalised(getattr(attribute, "__doc__", None))


def public_definitions() -> list[tuple[str, str | None, str | None]]:
    """(qualified name, stub docstring, runtime docstring) of every public class, method,
    property and function in the stub; each overload of a method is one entry."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef)) or node.name.startswith("_"):
            continue
        found.append(
            (node.name, ast.get_docstring(node), normalised(getattr(native, node.name).__doc__))
        )
        if isinstance(node, ast.ClassDef):
            owner = getattr(native, node.name)
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and not member.name.startswith("_"):
                    found.append(
                        (
                            f"{node.name}.{member.name}",
                            ast.get_docstring(member),
                            runtime_doc(owner, member.name),
                        )
                    )
    return found


def test_the_stub_covers_the_public_api() -> None:
    names = {name for name, _, _ in public_definitions()}
    # Spot checks that the walk sees classes, methods, properties, static methods and functions.
    assert {"RuleBook", "RuleBook.evaluate", "Decision.outcome", "RuleBook.transitions"} <= names
    assert "german_name" in names


@pytest.mark.parametrize(
    ("name", "stub", "runtime"),
    [pytest.param(name, stub, runtime, id=name) for name, stub, runtime in public_definitions()],
)
def test_stub_docstring_is_the_runtime_docstring(
    name: str, stub: str | None, runtime: str | None
) -> None:
    assert runtime is not None, f"{name} has no runtime docstring"
    assert stub == runtime, f"{name}: the stub's docstring differs from the runtime one"
