from setuptools import find_packages, setup

setup(
    name="etl-cli",
    version="0.4.0",
    packages=find_packages(),
    python_requires=">=3.11",
    install_requires=["click>=8.1,<9", "etl-core>=0.4,<0.5"],
)
