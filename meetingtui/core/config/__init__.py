"""Settings, folders, agenda templates and the interventions catalogue: what a council adapts."""
