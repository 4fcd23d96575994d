"""The base of errors a user can fix (bad configuration, bad input), printed without a traceback
by the CLI whichever layer raised them."""


class UserError(Exception):
    """A problem the user can fix; its message says how."""
