"""The `kopienas` command. Subcommands live one per module in `kopienas/cli/` and are imported
only when used, so `kopienas --help` stays fast for cron. This is the only layer that prints."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys

import click

from kopienas import __version__
from kopienas.adapters.logs import logging_to_stderr, narrate
from kopienas.adapters.mail.transports.password import register_environment
from kopienas.adapters.secrets import redact
from kopienas.cli.echo import say
from kopienas.cli.failures import known_failure
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.safe_text import visible
from kopienas.core.words import console

# name -> (module, one-line help); the help is here so listing commands imports nothing.
COMMANDS = {
    "auth": ("kopienas.cli.auth", "Sign in with a Google account (instead of a service account)."),
    "init": ("kopienas.cli.init", "Create the sheet's tabs and columns, or add the missing ones."),
    "validate": ("kopienas.cli.validate", "Check every row; write the problems next to it."),
    "drafts": ("kopienas.cli.drafts", console.DRAFTS_HELP),
    "summary": ("kopienas.cli.summary", "The weekly e-mail to each partner (once per week)."),
    "fixlists": ("kopienas.cli.fixlists", "Mail each coordinator the problems in their rows."),
    "run": ("kopienas.cli.run", "Run every job once: validate, drafts, mails."),
    "schedule": ("kopienas.cli.schedule", "Run the jobs at their times until stopped (or --once)."),
    "status": ("kopienas.cli.status", "Last and next runs, rows still failing, mails this week."),
    "init-config": ("kopienas.cli.init_config", "Write a commented starter config file."),
    "doctor": ("kopienas.cli.doctor", "Check the whole setup, changing nothing: one line per check."),
    "alert-unit": ("kopienas.cli.alert_unit", "systemd OnFailure= hook: mail the operator that a unit failed."),
    "watch": ("kopienas.cli.watch", "Verdicts seconds after an edit; the mails at their times (until stopped)."),
}


def error_line(text: str) -> str:
    """What stderr shows of an error: its own lines kept, every other control character escaped
    (a setting's value may hold a carriage return or a terminal escape), secrets redacted."""
    return redact("\n".join(visible(line) for line in text.split("\n")))


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, help_) in sorted(COMMANDS.items())])

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KopienasError as e:
            say(error_line(f"kopienas: {e}"), err=True)
            ctx.exit(e.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:  # a defect, not the user's fault: one line, the details in the log
            logging.getLogger("kopienas").debug("unexpected error", exc_info=True)
            known = known_failure(e)
            if known is not None:
                say(error_line(f"kopienas: {known.args[0]}"), err=True)
                ctx.exit(known.exit_code)
            say(error_line(f"kopienas: {console.unexpected(type(e).__name__, e)}"), err=True)
            if os.environ.get("KOPIENAS_DEBUG"):
                raise
            ctx.exit(ExitCode.FAILED)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Settings file. Else KOPIENAS_CONFIG, ./config/kopienas.toml, ~/.config/kopienas/kopienas.toml, "
    "/etc/kopienas/kopienas.toml (the first found). `kopienas init-config` writes one.",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    envvar="KOPIENAS_LOG_FORMAT",
    help="Log lines on stderr as text or one JSON object per line (or KOPIENAS_LOG_FORMAT).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what the tool does (INFO lines), not only warnings.")
@click.version_option(__version__, prog_name="kopienas")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, log_format: str, verbose: bool) -> None:
    """Checks the "Darbīgās kopienas" activity sheet, writes the problems back next to each row,
    makes press-release drafts and sends weekly summaries.

    \b
    Exit codes: 0 all rows valid, 1 some rows have problems,
                2 usage or configuration error, 3 the run failed (nothing half-done),
                4 another kopienas run is in progress (nothing done; try again later).
    """
    register_environment()  # a password in the environment is the process's from its first line
    # A pass makes hundreds of thousands of small objects without cycles; at the default threshold
    # (700) the collector would walk them again and again. Cycles are still collected, less often.
    gc.set_threshold(50_000, 20, 10)
    ctx.obj = {"config_path": config_path}
    ctx.with_resource(logging_to_stderr(log_format))
    if verbose:
        narrate()


def run() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(main())


__all__ = ["main"]
