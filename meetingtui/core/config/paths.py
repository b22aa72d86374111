"""Where things live. Every folder comes from here so tests (and councils) can redirect all of them.

Order of precedence for each: the command-line option, then an environment variable, then the platform's
per-user folder (platformdirs), so a Windows laptop and a Linux server both put data where users expect.
"""

from __future__ import annotations

import os
from pathlib import Path

# The installed package (meetingtui/): its core/data and, when installed, its agendas/.
_PACKAGE = Path(__file__).resolve().parents[2]

APP = "meetingtui"

ENV_DATA = "MEETINGTUI_DATA"
ENV_CONFIG = "MEETINGTUI_CONFIG"
ENV_EXPORTS = "MEETINGTUI_EXPORTS"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no folder was given (tests, scripts and --data never pay for it)

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def exports_dir(override: str | os.PathLike[str] | None = None, configured: str | None = None) -> Path:
    """Minutes land in ./exports unless told otherwise: `make run` from a checkout fills the repo's exports/."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_EXPORTS)
    if env:
        return Path(env).expanduser()
    if configured:
        return Path(configured).expanduser()
    return Path.cwd() / "exports"


def builtin_agendas_dir() -> Path:
    """The shipped agenda templates: inside the installed package, or the checkout's top-level agendas/."""
    here = _PACKAGE
    packaged = here / "agendas"
    if packaged.is_dir():
        return packaged
    return here.parent / "agendas"


def package_data(name: str) -> Path:
    return _PACKAGE / "core" / "data" / name
