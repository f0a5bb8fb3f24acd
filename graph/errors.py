"""The exception types the library raises for problems a user can fix.

Messages say what went wrong in one line and name no command-line flag: the
command line adds the advice that fits how it was called (see ``cli.py``).
"""


class CarekgError(Exception):
    """A problem the user can fix: bad input, a missing store, a failed check."""


class NoStoreError(CarekgError):
    """There is no store where one was expected to be read."""


class EncodingError(CarekgError):
    """A text file is not in the encoding it was read with.

    ``suggestion`` names an encoding that decodes it, when one is likely.
    """

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


class FormatError(CarekgError):
    """An output format that does not fit the answer asked for."""


class TooLargeError(CarekgError):
    """An input over the size limit carekg reads."""
