from setuptools import setup

with open("requirements.txt") as f:
    requirements = f.read().splitlines()

setup(
    name="acme-report",
    version="2.3.0",
    python_requires=">=3.11",
    install_requires=requirements,
    extras_require={"yaml": ["pyyaml>=6.0,<7"]},
    entry_points={"console_scripts": ["acme-report = acme_report.cli:main"]},
)
