"""Every block of code in docs/sdk.md, run as written against the live service: the shell
blocks from the repository's root, the Python blocks in one namespace, the TypeScript blocks
as one module compiled with `tsc --strict` and run by Node. The docs cannot rot."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import Tenant

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "sdk.md"
TYPESCRIPT = ROOT / "clients" / "typescript"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(DOC.read_text()) if lang == language]


def test_the_doc_has_a_block_of_each_kind() -> None:
    assert len(blocks("sh")) == 1 and len(blocks("python")) >= 5 and len(blocks("ts")) >= 5


def test_every_block_of_docs_sdk_md_runs(
    api_url: str,
    tenant: Tenant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_kind: str,
) -> None:
    if database_kind != "postgresql":
        # The shell block installs into the checkout's .venv and builds clients/typescript:
        # run beside itself (make test's two passes run at once), the two pip runs removed
        # each other's files. The doc is about the clients, not the database: one pass.
        pytest.skip("runs in the --database postgresql pass (it installs into the shared .venv)")
    env = {"OTESSE_API_KEY": tenant.secret, "OTESSE_BASE_URL": api_url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for script in blocks("sh"):
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PATH": path},
        )
        assert done.returncode == 0, f"{script}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"

    namespace: dict[str, object] = {}
    for code in blocks("python"):
        exec(compile(code, str(DOC), "exec"), namespace)

    output = _run_typescript("\n".join(blocks("ts")), tmp_path, env)
    assert "precondition_failed" in output and "true true" in output, output


def _run_typescript(source: str, workdir: Path, env: dict[str, str]) -> str:
    """The blocks as one module that imports the built client as a package would."""
    (workdir / "snippets.ts").write_text(source)
    (workdir / "package.json").write_text('{"type": "module"}')
    modules = workdir / "node_modules"
    (modules / "@otesse").mkdir(parents=True)
    (modules / "@otesse" / "customers-client").symlink_to(TYPESCRIPT)
    (modules / "@types").symlink_to(TYPESCRIPT / "node_modules" / "@types")
    (workdir / "tsconfig.json").write_text(
        '{"compilerOptions": {"target": "ES2022", "module": "NodeNext", '
        '"moduleResolution": "NodeNext", "strict": true, "outDir": "out", '
        '"types": ["node"]}, "files": ["snippets.ts"]}'
    )
    tsc = TYPESCRIPT / "node_modules" / ".bin" / "tsc"
    compiled = subprocess.run([str(tsc), "-p", "."], cwd=workdir, capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run(
        ["node", str(workdir / "out" / "snippets.js")],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran.stdout
