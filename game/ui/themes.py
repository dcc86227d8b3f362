"""The game's own colour themes, dark and light: every text colour they give reaches WCAG AA
contrast (4.5:1) on the backgrounds it is drawn on, in true colour, in the 256 colours of most
terminals (tmux, screen) and in the greys of NO_COLOR.

Textual's stock themes do not (amber titles on light grey are about 1.3:1), so the game offers
only these two; tests/ui/test_contrast.py measures every screen in both.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="diplomatic-dark",
    dark=True,
    primary="#1f64b8",  # borders, the chosen line, buttons: white text on it reads
    secondary="#3b7dd8",
    accent="#ffa657",  # titles
    warning="#f2cc60",  # "fair", news
    error="#ff7b72",  # "poor", traps sprung, worse
    success="#56d364",  # "good", better
    foreground="#e6e6e6",
    background="#141414",
    surface="#1f1f1f",
    panel="#262b31",
    variables={
        **{f"markdown-h{n}-color": "#ffa657" for n in (1, 2, 3)},
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-foreground": "#e6e6e6",
        "block-cursor-blurred-background": "#1f64b8 45%",
        "footer-key-foreground": "#ffa657",
        "button-color-foreground": "#ffffff",
        "text-disabled": "auto 60%",  # closed choices still say why: they must stay legible
    },
)

LIGHT = Theme(
    name="diplomatic-light",
    dark=False,
    primary="#0b5cad",
    secondary="#0b5cad",
    accent="#8a4500",  # titles: a deep amber that stays amber on white
    warning="#7a5000",
    error="#b3261e",
    success="#116329",
    foreground="#1f2328",
    background="#fafafa",
    surface="#ffffff",
    panel="#ebedf0",
    variables={
        **{f"markdown-h{n}-color": "#8a4500" for n in (1, 2, 3)},
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-foreground": "#1f2328",
        "block-cursor-blurred-background": "#0b5cad 25%",
        "footer-key-foreground": "#0b5cad",  # the amber would be 4.5:1 in 256 colours
        "button-color-foreground": "#ffffff",
        "text-disabled": "auto 60%",  # closed choices still say why: they must stay legible
    },
)

THEMES = (DARK, LIGHT)
THEME_NAMES = tuple(theme.name for theme in THEMES)


def other_theme(name: str) -> str:
    """The light theme for the dark one, and the other way round."""
    return LIGHT.name if name == DARK.name else DARK.name
