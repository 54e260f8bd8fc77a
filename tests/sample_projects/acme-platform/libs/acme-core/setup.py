from setuptools import setup

setup(
    name="acme-core",
    version="1.2.0",
    description="Logging and money formatting shared by every Acme service",
    packages=["acme_core"],
    python_requires=">=3.11",
    install_requires=["structlog>=25.1"],
)
