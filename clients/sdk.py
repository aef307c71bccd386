"""`make sdk`: write the OpenAPI document and regenerate both clients from it; `--check`
(run by `make test`): fail when the committed document or clients differ from what the
current code generates, so a change to an operation lands with its clients.

- clients/openapi.json: the document as the app serves it (GET /v1/openapi.json);
- clients/python/src/otesse_client/generated/: openapi-python-client's package;
- clients/typescript/src/schema.d.ts: openapi-typescript's types.

The hand-written layers (clients/python/src/otesse_client/*.py, clients/typescript/src/
index.ts) are not generated and not touched here.
"""

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CLIENTS = Path(__file__).resolve().parent
DOCUMENT = CLIENTS / "openapi.json"
PYTHON_PACKAGE = CLIENTS / "python" / "src" / "otesse_client" / "generated"
TYPESCRIPT = CLIENTS / "typescript"
TYPES = TYPESCRIPT / "src" / "schema.d.ts"
BIN = Path(sys.executable).parent


def document_text() -> str:
    from otesse.app import create_app
    from otesse.config import Settings

    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def generate(into: Path) -> None:
    """The document and both generated clients, written under ``into`` (mirroring clients/)."""
    document = into / "openapi.json"
    document.write_text(document_text())
    package = into / PYTHON_PACKAGE.relative_to(CLIENTS)
    package.parent.mkdir(parents=True, exist_ok=True)
    # openapi-python-client formats its output with ruff, which it finds on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(  # noqa: S603 - a fixed command on this repository's files
        [str(BIN / "openapi-python-client"), "generate", "--path", str(document),
         "--meta", "none", "--output-path", str(package), "--overwrite",
         "--config", str(CLIENTS / "python" / "generator.yaml"), "--fail-on-warning"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    # ruff's cache, left by the formatting, is no part of the client.
    shutil.rmtree(package / ".ruff_cache", ignore_errors=True)
    types = into / TYPES.relative_to(CLIENTS)
    types.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 - a fixed command on this repository's files
        [str(TYPESCRIPT / "node_modules" / ".bin" / "openapi-typescript"), str(document),
         "--output", str(types),
         # A field with a default may be left out of a request: not required in the types.
         "--default-non-nullable", "false"],
        check=True, capture_output=True, cwd=TYPESCRIPT,
    )  # fmt: skip


def _differences(fresh: Path) -> list[str]:
    pairs = [
        (fresh / "openapi.json", DOCUMENT),
        (fresh / TYPES.relative_to(CLIENTS), TYPES),
    ]
    found = [str(mine.relative_to(CLIENTS)) for new, mine in pairs if not _same(new, mine)]
    compare = filecmp.dircmp(fresh / PYTHON_PACKAGE.relative_to(CLIENTS), PYTHON_PACKAGE)
    return found + [f"python: {name}" for name in _dir_differences(compare)]


def _same(a: Path, b: Path) -> bool:
    return b.exists() and a.read_bytes() == b.read_bytes()


def _dir_differences(compare: filecmp.dircmp[str]) -> list[str]:
    names = [*compare.left_only, *compare.right_only]
    # dircmp compares shallowly (size and time): read the files that might differ.
    left, right = Path(compare.left), Path(compare.right)
    names += [n for n in compare.common_files if not _same(left / n, right / n)]
    names = [n for n in names if n != "__pycache__"]
    for sub in compare.subdirs.values():
        names += _dir_differences(sub)
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    check = parser.parse_args().check
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        generate(fresh)
        if check:
            differences = _differences(fresh)
            if differences:
                print("The committed clients differ from the current document; run `make sdk`"
                      " and commit:\n  " + "\n  ".join(differences))  # fmt: skip
                return 1
            print("clients/ is what the current document generates")
            return 0
        shutil.copyfile(fresh / "openapi.json", DOCUMENT)
        shutil.rmtree(PYTHON_PACKAGE, ignore_errors=True)
        shutil.copytree(fresh / PYTHON_PACKAGE.relative_to(CLIENTS), PYTHON_PACKAGE)
        shutil.copyfile(fresh / TYPES.relative_to(CLIENTS), TYPES)
    written = (DOCUMENT, PYTHON_PACKAGE, TYPES)
    print("wrote " + ", ".join(str(path.relative_to(CLIENTS)) for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
