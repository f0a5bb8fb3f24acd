"""The command line's commands, one module per layer of the library they call.

Each command is a thin ``click`` wrapper over one library function in
``carekg.graph``: it turns options into arguments and prints what comes back.
``carekg.cli`` puts them together in the ``carekg`` group.

May import: ``carekg.graph`` (any layer). The library never imports this.
"""
