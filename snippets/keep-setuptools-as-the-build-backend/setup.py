from setuptools import Extension, setup

setup(
    ext_modules=[Extension("fastcount._speedups", sources=["src/fastcount/_speedups.c"])],
)
