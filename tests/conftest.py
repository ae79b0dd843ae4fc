import pytest

from factory import Dataset, GitRepo


@pytest.fixture
def dataset(tmp_path):
    return Dataset(tmp_path / "data")


@pytest.fixture
def git_repo(tmp_path):
    return GitRepo(tmp_path / "repo")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test gets its own cache folder, never the user's."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "kremlinlist-cache"))
