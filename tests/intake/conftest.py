"""Fixtures for the intake API tests."""

import pytest

from tests.intake.helpers import Api, load_sample


@pytest.fixture
def device(device_and_token):
    return device_and_token[0]


@pytest.fixture
def api(client, device_and_token):
    """An `Api` authenticated as the active device of the test company database."""
    return Api(client, device_and_token[1])


@pytest.fixture
def sample():
    return load_sample()
