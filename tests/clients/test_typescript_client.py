"""The TypeScript client (clients/typescript) against the live service: compiled with
`tsc --strict`, its test (test/live.test.ts) run by Node's test runner."""

import os
import subprocess
from pathlib import Path

from tests.factories import Tenant

TYPESCRIPT = Path(__file__).resolve().parents[2] / "clients" / "typescript"
TSC = TYPESCRIPT / "node_modules" / ".bin" / "tsc"


def test_the_typescript_client_against_the_live_service(
    api_url: str, tenant: Tenant, tmp_path: Path
) -> None:
    assert TSC.exists(), "run `make install-dev` (npm ci in clients/typescript)"
    compiled = subprocess.run(
        [str(TSC), "-p", "tsconfig.json", "--outDir", str(tmp_path)],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    # ESM needs "type": "module" beside the compiled files, and openapi-fetch beside them too.
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "node_modules").symlink_to(TYPESCRIPT / "node_modules")
    env = {**os.environ, "OTESSE_BASE_URL": api_url, "OTESSE_API_KEY": tenant.secret}
    ran = subprocess.run(
        ["node", "--test", str(tmp_path / "test" / "live.test.js")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stdout[-5_000:] + ran.stderr[-2_000:]
    assert "# pass 3" in ran.stdout and "# fail 0" in ran.stdout, ran.stdout
