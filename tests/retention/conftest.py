from tests.staff.conftest import next_org, officer  # noqa: F401 - the same organisation and officer
