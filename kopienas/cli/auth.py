"""`kopienas auth`: sign in with a Google account instead of a service account.

Opens Google's consent page in a browser (or prints its address), then stores the user's token
outside the project (`source.token`, default ~/.config/kopienas/google-token.json), readable by
its owner only.
"""

from __future__ import annotations

from pathlib import Path

import click

from kopienas.app.setup.auth import save_token, sign_in
from kopienas.cli.echo import say
from kopienas.cli.output import config_of
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import console


@click.command()
@click.option(
    "--client-secrets",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The OAuth client file (Desktop app) downloaded from Google Cloud Console.",
)
@click.option("--no-browser", is_flag=True, help="Print the sign-in address instead of opening a browser.")
@click.pass_obj
def command(obj: dict, client_secrets: Path, no_browser: bool) -> None:
    """Sign in with a Google account and keep the token for the Google Sheet source."""
    config = config_of(obj)
    try:
        credentials = sign_in(client_secrets, open_browser=not no_browser)
    except ValueError as e:
        raise KopienasError(console.client_file_refused(client_secrets, e), ExitCode.USAGE) from None
    save_token(credentials.to_json(), config.token)
    say(console.token_saved(config.token))
