from __future__ import annotations

import pytest

from tests.support import FIXTURES, serve


@pytest.fixture
def shopvo(tmp_path):
    with serve("shopvo", tmp_path) as served:
        yield served


@pytest.fixture
def keywords(tmp_path):
    with serve("keywords", tmp_path, spec=FIXTURES / "keywords" / "openapi.yaml") as served:
        yield served


@pytest.fixture
def notebook(tmp_path):
    with serve("notebook", tmp_path, spec=FIXTURES / "notebook" / "openapi.yaml") as served:
        yield served
