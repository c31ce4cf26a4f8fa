"""One module per `kopienas` subcommand; each exposes `command`."""
