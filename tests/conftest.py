import pytest

from factory import Dataset, GitRepo


@pytest.fixture
def dataset(tmp_path):
    return Dataset(tmp_path / "data")


@pytest.fixture
def git_repo(tmp_path):
    return GitRepo(tmp_path / "repo")
