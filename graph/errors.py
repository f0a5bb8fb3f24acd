"""The one exception type the CLI turns into a one-line message and exit 1."""


class CarekgError(Exception):
    """A problem the user can fix: bad input, a missing store, a failed check."""
