"""A meeting's life and what is recorded in it: scheduling, running, notes, decisions, actions, attendance, the capture line, dispositions of earlier actions."""
