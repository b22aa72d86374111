"""One object for "where am I working": the repository, the settings and the folders, opened the same way by
the CLI, the TUI and the tests."""

from __future__ import annotations

import dataclasses as dc
from datetime import date
from pathlib import Path

from meetingtui.core.config import paths
from meetingtui.core.config.settings import Settings, load_settings
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository


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
    ) -> Workspace:
        """``read_only`` for verbs that only read: the data folder is left exactly as it was (no folders
        created, no backup or index written; the log file appears only if a fault is logged)."""
        data_dir = paths.data_dir(data)
        config_dir = paths.config_dir(config)
        repo = FileRepository(data_dir, sync=sync, read_only=read_only)
        settings = load_settings(config_dir)
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
