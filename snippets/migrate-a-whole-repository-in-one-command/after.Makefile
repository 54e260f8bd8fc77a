.PHONY: install test

install:
	poetry sync --only main,dev --no-root

test:
	poetry run pytest -q
