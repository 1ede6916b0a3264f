"""Output paths checked when the command line is read, so a long analysis never ends on a file it cannot write."""

from __future__ import annotations

import os

import click


def writable(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``value`` must be a file that can be created or overwritten ('-' is standard output)."""
    if not value or value == "-":
        return value
    parent = os.path.dirname(os.path.abspath(value))
    if not os.path.isdir(parent):
        raise click.BadParameter(f"cannot write {value}: no directory {parent}", ctx=ctx, param=param)
    if os.path.isdir(value):
        raise click.BadParameter(f"cannot write {value}: it is a directory", ctx=ctx, param=param)
    if not os.access(value if os.path.exists(value) else parent, os.W_OK):
        raise click.BadParameter(f"cannot write {value}: permission denied", ctx=ctx, param=param)
    return value
