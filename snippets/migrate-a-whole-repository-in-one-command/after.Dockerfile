FROM python:3.11-slim

WORKDIR /app
ENV POETRY_VERSION=2.5.1 \
    POETRY_HOME=/opt/poetry \
    POETRY_VIRTUALENVS_IN_PROJECT=true \
    POETRY_NO_INTERACTION=1
RUN python -m venv "$POETRY_HOME" \
 && "$POETRY_HOME/bin/pip" install --no-cache-dir "poetry==$POETRY_VERSION"
COPY pyproject.toml poetry.lock ./
RUN "$POETRY_HOME/bin/poetry" sync --only main --no-root
ENV PATH="/app/.venv/bin:$PATH"

COPY ledger_export ./ledger_export
CMD ["python", "-m", "ledger_export"]
