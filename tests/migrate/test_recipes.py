"""What migrate inserts is what the guide's pages show and the tests execute there."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pip2poetry.migrate import recipes

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "snippets"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _contains(haystack: str, block: list[str]) -> bool:
    lines = _lines(haystack)
    n = len(block)
    return any(lines[i:i + n] == block for i in range(len(lines) - n + 1))


def test_the_poetry_release_is_the_guides() -> None:
    pinned = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["poetry"]["requires-poetry"]
    assert pinned == f"=={recipes.POETRY_VERSION}"


def test_docker_recipe_is_the_docker_pages() -> None:
    page = (SNIPPETS / "build-docker-images-for-a-poetry-project" / "Dockerfile").read_text()
    assert _contains(page, _lines(recipes.DOCKER_POETRY))
    assert _contains(page, _lines(recipes.DOCKER_COPY))
    assert f"RUN {recipes.DOCKER_POETRY_CACHE}{recipes.DOCKER_POETRY_COMMAND} sync --only main --no-root" in page


def test_github_step_is_the_ci_pages() -> None:
    page = (SNIPPETS / "run-poetry-in-ci" / "github-actions.yml").read_text()
    assert _contains(page, _lines("\n".join(recipes.GITHUB_INSTALL_STEP)))


def test_gitlab_lines_are_the_ci_pages() -> None:
    page = (SNIPPETS / "run-poetry-in-ci" / "gitlab-ci.yml").read_text()
    assert _contains(page, [f"- {line}" for line in recipes.GITLAB_INSTALL])


def test_circleci_step_is_the_ci_pages() -> None:
    page = (SNIPPETS / "run-poetry-in-ci" / "circleci-config.yml").read_text()
    assert _contains(page, _lines("\n".join(recipes.CIRCLECI_INSTALL_STEP)))
