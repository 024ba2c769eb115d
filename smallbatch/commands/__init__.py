"""One module per `smallbatch` sub-command, each with `add_parser` and `run`."""
