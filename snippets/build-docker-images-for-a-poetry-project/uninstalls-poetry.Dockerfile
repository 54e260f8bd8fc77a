FROM python:3.11-slim

RUN pip install --no-cache-dir poetry==2.5.1

WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry config virtualenvs.create false \
 && poetry sync --only main --no-root

COPY README.md ./
COPY stock_report ./stock_report
RUN poetry sync --only main
CMD ["stock-report"]
