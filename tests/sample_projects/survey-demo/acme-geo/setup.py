import re
from pathlib import Path

from setuptools import find_packages, setup

# The version lives in the package; setup.py reads it when it runs.
init = Path(__file__).parent / "acme_geo" / "__init__.py"
version = re.search(r'__version__ = "(.+)"', init.read_text()).group(1)

setup(
    name="acme-geo",
    version=version,
    description="Distances between points on the Earth",
    packages=find_packages(),
    install_requires=["more-itertools>=10.0,<11"],
    extras_require={"test": ["pytest>=9.0"]},
)
