from tests.cli._project import project, violating  # noqa: F401  (fixtures)
