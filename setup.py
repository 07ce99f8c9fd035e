# Shim for benches whose pip predates PEP 660 editable installs; metadata lives in pyproject.toml.
from setuptools import setup

setup()
