FROM python:3.11-slim

WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY ledger_export ./ledger_export
CMD ["python", "-m", "ledger_export"]
