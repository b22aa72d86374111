"""A high-contrast theme for projectors and low vision: pure black, white text, saturated signal colours."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="meetingtui-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFA500",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)
