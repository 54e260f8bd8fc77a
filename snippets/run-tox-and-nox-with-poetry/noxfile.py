import nox


@nox.session
def tests(session: nox.Session) -> None:
    # nox sets VIRTUAL_ENV to the session's environment, so Poetry installs the lock there.
    session.run_install("poetry", "sync", external=True)
    session.run("pytest", *session.posargs)
