from tests.referrals.conftest import _text_messages, world  # noqa: F401  (fixtures)
