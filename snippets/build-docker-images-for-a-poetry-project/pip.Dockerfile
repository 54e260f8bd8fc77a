FROM python:3.11-slim AS builder

ENV POETRY_VERSION=2.5.1 \
    POETRY_HOME=/opt/poetry \
    POETRY_NO_INTERACTION=1
COPY poetry-constraints.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv "$POETRY_HOME" \
 && "$POETRY_HOME/bin/pip" install -c /tmp/poetry-constraints.txt \
      "poetry==$POETRY_VERSION" poetry-plugin-export==1.10.1

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN "$POETRY_HOME/bin/poetry" export --only main --output requirements.txt

COPY README.md ./
COPY stock_report ./stock_report
RUN "$POETRY_HOME/bin/poetry" build --format wheel

FROM python:3.11-slim AS runtime

RUN useradd --uid 10001 --no-create-home app
WORKDIR /app
COPY --from=builder /app/requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --no-deps -r requirements.txt

COPY --from=builder /app/dist/*.whl ./
RUN pip install --no-cache-dir --no-deps ./*.whl
USER 10001
CMD ["stock-report"]
