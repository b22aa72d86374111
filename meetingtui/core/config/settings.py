"""Local settings (``config.toml`` in the config folder). Practice differs between councils, so the numbers the
rules use are settings with the defaults from the case review and common local procedures.

A broken or partly wrong config never stops the app: each bad entry is reported and its default used.
"""

from __future__ import annotations

import dataclasses as dc
import os
from pathlib import Path
from typing import Any

from meetingtui.core.record.plain import DEFAULT_MARKING

CONFIG_NAME = "config.toml"

DEFAULT_CONFIDENTIALITY = (
    "This meeting and its minutes are confidential. Information is shared for the purpose of safeguarding and "
    "promoting the welfare of the young person, on a need-to-know basis. It must not be shared further without "
    "the agreement of the chair. Third-party information may have been withheld from some versions of these "
    "minutes."
)


DEFAULT_DISCLOSURE_WORDS = (
    "intelligence",
    "MACE",
    "MAPPA",
    "informant",
    "exploit",
    "county lines",
    "NRM",
    "strategy meeting",
)
DEFAULT_GLOSSARY = {
    "YOT": "the youth offending team",
    "IRO": "your independent reviewing officer",
    "MACE": "the meeting about children at risk of being exploited",
    "PEP": "your personal education plan",
    "LAC": "looked after children",
    "CAMHS": "the children and young people's mental health service",
    "SoS": "Signs of Safety",
}
DEFAULT_ADVOCACY = (
    "You can have an advocate: someone on your side who helps you say what you think. Ask your social worker "
    "or your IRO, or call the council's advocacy service."
)
DEFAULT_CHALLENGE = (
    "If you do not agree with a decision, tell your IRO. You can also make a complaint to the council, and an "
    "advocate can help you do it."
)


@dc.dataclass(kw_only=True)
class Settings:
    user: str = dc.field(default_factory=lambda: _default_user())
    marking: str = DEFAULT_MARKING
    confidentiality: str = DEFAULT_CONFIDENTIALITY
    # Care review after an emergency move: the case review's own standard (calendar days).
    review_days_after_emergency: int = 20
    iro_notify_working_days: int = 1
    actions_circulate_working_days: int = 1
    minutes_approval_working_days: int = 10
    wishes_max_age_days: int = 90
    # Working days attendees have to ask for corrections once the draft minutes are circulated (local
    # safeguarding procedures commonly give about 10). Approval is due when the window closes.
    correction_window_working_days: int = 10
    # A review the IRO asks for: the regulations set no time; this local standard does (working days).
    review_on_request_working_days: int = 20
    # The statutory clocks of the Care Planning, Placement and Case Review (England) Regulations 2010. They
    # cannot be changed, only switched off as a whole by a council outside England (the minutes say so).
    statutory_clocks: bool = True
    # Peer maps use initials only by default (the national contextual safeguarding toolkit's rule).
    peer_names: bool = False
    exports_dir: str | None = None
    # Where cases are kept: a data folder, or a team store's postgresql://… URL (see docs/team.md).
    store: str | None = None
    theme: str = "textual-dark"
    # Words the disclosure check stops on in any version that leaves the professionals (a word matches its
    # longer forms: "exploit" finds "exploiting"). Names of other third parties may be added here too.
    disclosure_words: list[str] = dc.field(default_factory=lambda: list(DEFAULT_DISCLOSURE_WORDS))
    # Abbreviations the young person's version spells out on first use (the council may edit them).
    glossary: dict[str, str] = dc.field(default_factory=lambda: dict(DEFAULT_GLOSSARY))
    advocacy: str = DEFAULT_ADVOCACY
    challenge: str = DEFAULT_CHALLENGE
    # The young person's case id in the Word file's properties (File > Info): off unless a council needs it.
    case_id_in_properties: bool = False
    warnings: list[str] = dc.field(default_factory=list)


def _default_user() -> str:
    """What ``getpass.getuser`` gives, without importing getpass (and termios with it: half a millisecond of
    every start): the login name from the environment, else the account's name."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if value := os.environ.get(name):
            return value
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # no user name set (containers, services), or not POSIX
        return "unknown"


def load_settings(config_dir: Path) -> Settings:
    s = Settings()
    path = config_dir / CONFIG_NAME
    if not path.is_file():
        return s
    import tomllib  # only when there is a config file to read

    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        s.warnings.append(f"{path}: ignored ({exc})")
        return s
    fields = {f.name: f for f in dc.fields(Settings) if f.name != "warnings"}
    for key, value in raw.items():
        f = fields.get(key)
        if f is None:
            s.warnings.append(f"{path}: unknown setting {key!r} ignored")
            continue
        want = type(getattr(s, key)) if getattr(s, key) is not None else str
        if isinstance(value, bool) != (want is bool) or not isinstance(value, want):
            s.warnings.append(
                f"{path}: {key} should be {want.__name__}, got {type(value).__name__}; default used"
            )
            continue
        if (isinstance(value, list) and not all(isinstance(v, str) for v in value)) or (
            isinstance(value, dict) and not all(isinstance(v, str) for v in value.values())
        ):
            s.warnings.append(f"{path}: {key} should hold only text; default used")
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            s.warnings.append(f"{path}: {key} must not be negative; default used")
            continue
        setattr(s, key, value)
    return s
