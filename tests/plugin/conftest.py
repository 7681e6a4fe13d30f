"""Plugin tests: run generated test modules in a pytest subprocess, away from any AWS setup."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_aws_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Hide the developer's AWS region and config files (subprocesses inherit this environment)."""
    missing = tmp_path_factory.getbasetemp() / "no-aws-config"
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(missing))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(missing))
