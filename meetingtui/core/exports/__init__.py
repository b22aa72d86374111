"""What leaves the app: Word minutes for each reader, calendar invitations, the shared screen's view."""
