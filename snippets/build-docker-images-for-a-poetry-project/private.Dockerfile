FROM python:3.11-slim AS builder

ENV POETRY_VERSION=2.5.1 \
    POETRY_HOME=/opt/poetry \
    POETRY_VIRTUALENVS_IN_PROJECT=true \
    POETRY_NO_INTERACTION=1
COPY poetry-constraints.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv "$POETRY_HOME" \
 && "$POETRY_HOME/bin/pip" install -c /tmp/poetry-constraints.txt "poetry==$POETRY_VERSION"

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    --mount=type=secret,id=index_username \
    --mount=type=secret,id=index_password \
    POETRY_HTTP_BASIC_ACME_USERNAME="$(cat /run/secrets/index_username)" \
    POETRY_HTTP_BASIC_ACME_PASSWORD="$(cat /run/secrets/index_password)" \
    "$POETRY_HOME/bin/poetry" sync --only main --no-root

COPY README.md ./
COPY stock_report ./stock_report
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    "$POETRY_HOME/bin/poetry" sync --only main

FROM python:3.11-slim AS runtime

RUN useradd --uid 10001 --no-create-home app
WORKDIR /app
COPY --from=builder /app /app
ENV PATH="/app/.venv/bin:$PATH"
USER 10001
CMD ["stock-report"]
