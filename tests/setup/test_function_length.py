"""No function in ``src/`` is longer than 60 lines: a longer one holds more than one
step, and each step deserves a name (ruff's C90 holds the complexity to 15)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "klachtpad"
LIMIT = 60


def long_functions(root: Path, limit: int) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    where = f"{path.relative_to(root)}:{node.lineno}"
                    found.append(f"{where} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_sixty_lines():
    assert long_functions(SRC, LIMIT) == []


def test_the_check_finds_a_long_function(tmp_path):
    body = "\n".join(f"    x{n} = {n}" for n in range(LIMIT))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    assert long_functions(tmp_path, LIMIT) == [f"long.py:1 long ({LIMIT + 1} lines)"]
