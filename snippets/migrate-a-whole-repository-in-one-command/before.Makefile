.PHONY: install test

install:
	pip install -r requirements/development.txt

test:
	pytest -q
