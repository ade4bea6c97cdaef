"""docs/security.md shows the role matrix as a table: it must say what the code does."""

from __future__ import annotations

from pathlib import Path

from sarhad.auth.roles import MATRIX, Permission, Role

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def test_the_documented_matrix_is_the_one_in_the_code() -> None:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] in {p.value for p in Permission}:
            rows[cells[0]] = {role.value for role, cell in zip(Role, cells[1:], strict=True) if cell == "yes"}
    expected = {p.value: {r.value for r in Role if p in MATRIX[r]} for p in Permission}
    assert rows == expected
