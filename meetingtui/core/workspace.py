"""One object for "where am I working": the repository, the settings and the folders, opened the same way by
the CLI, the TUI and the tests."""

from __future__ import annotations

import dataclasses as dc
import os
from datetime import date
from pathlib import Path

from meetingtui.core.config import paths
from meetingtui.core.config.settings import Settings, load_settings
from meetingtui.core.errors import UserError
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository

STORE_ENV = "MEETINGTUI_STORE"


def chosen_store(store: str | Path | None, settings: Settings) -> str | None:
    """The team store's URL when one is chosen (``--store``, else ``MEETINGTUI_STORE``, else ``store`` in
    config.toml), or ``None`` for the file store in the data folder (the default). A store given as a folder
    is the file store in that folder: the caller passes it as the data folder."""
    value = store if store is not None else os.environ.get(STORE_ENV) or settings.store
    if value is None or value == "":
        return None
    text = str(value)
    from meetingtui.core.store.postgres.connect import is_postgres_url

    if is_postgres_url(text):
        return text
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise UserError(
            f"store {scheme}://…: not a store meetingtui knows (a data folder, or postgresql://…)"
        )
    return None


def signed(name: str, login: str) -> str:
    """The name the app records as "by" on a store that authenticates people: the login the database
    checked, after the name typed in settings when that says more ("Jo Marsh (jmarsh)"). A typed name alone
    proves nothing; the login cannot be claimed by someone else."""
    return login if not name or name == login else f"{name} ({login})"


def store_folder(store: str | Path | None, settings: Settings) -> str | None:
    """The data folder named by a store setting that is a folder, not a URL."""
    value = store if store is not None else os.environ.get(STORE_ENV) or settings.store
    return str(value) if value and chosen_store(value, settings) is None else None


@dc.dataclass(kw_only=True)
class Workspace:
    repo: Repository
    settings: Settings
    data_dir: Path
    config_dir: Path
    exports_dir: Path
    extra_templates: Path | None = None
    log_path: Path
    today_override: date | None = None

    @classmethod
    def open(
        cls,
        *,
        data: str | Path | None = None,
        config: str | Path | None = None,
        templates: str | Path | None = None,
        exports: str | Path | None = None,
        sync: bool = True,
        read_only: bool = False,
        store: str | Path | None = None,
    ) -> Workspace:
        """``read_only`` for verbs that only read: the data folder is left exactly as it was (no folders
        created, no backup or index written; the log file appears only if a fault is logged).

        ``store`` chooses the team store (see :func:`chosen_store`); the data folder still holds the log."""
        config_dir = paths.config_dir(config)
        settings = load_settings(config_dir)
        url = chosen_store(store, settings)
        folder = None if url else store_folder(store, settings)
        data_dir = paths.data_dir(data if data is not None or folder is None else folder)
        repo: Repository
        if url:
            from meetingtui.core.store.postgres.repository import PostgresRepository

            repo = PostgresRepository(url, read_only=read_only, index_dir=data_dir / "index")
        else:
            repo = FileRepository(data_dir, sync=sync, read_only=read_only)
        if repo.login is not None:
            settings.user = signed(settings.user, repo.login)
        return cls(
            repo=repo,
            settings=settings,
            data_dir=data_dir,
            config_dir=config_dir,
            exports_dir=paths.exports_dir(exports, settings.exports_dir),
            extra_templates=Path(templates).expanduser() if templates else None,
            log_path=data_dir / "logs" / "meetingtui.log",  # written only when a fault is logged
        )

    def today(self) -> date:
        return self.today_override or date.today()

    @property
    def user_templates(self) -> Path:
        return self.config_dir / "agendas"
