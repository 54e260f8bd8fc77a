import nox
import nox_poetry


@nox_poetry.session
def tests(session: nox.Session) -> None:
    # nox-poetry's install: a wheel of the project and pytest, with the lock's export as constraints.
    session.install(".", "pytest")
    session.run("pytest", *session.posargs)
