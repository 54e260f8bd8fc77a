FROM python:3.11-slim

WORKDIR /app
ENV POETRY_VERSION=2.5.1 \
    POETRY_HOME=/opt/poetry \
    POETRY_VIRTUALENVS_IN_PROJECT=true \
    POETRY_NO_INTERACTION=1
COPY poetry-constraints.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv "$POETRY_HOME" \
 && "$POETRY_HOME/bin/pip" install -c /tmp/poetry-constraints.txt "poetry==$POETRY_VERSION"
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    "$POETRY_HOME/bin/poetry" sync --only main --no-root
ENV PATH="/app/.venv/bin:$PATH"

COPY ledger_export ./ledger_export
CMD ["python", "-m", "ledger_export"]
