from tests.conversation.conftest import clock  # noqa: F401 - shared fixture
