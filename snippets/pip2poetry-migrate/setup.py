from setuptools import setup

setup(
    name="report",
    version="1.4.0",
    py_modules=["report"],
    python_requires=">=3.11",
)
