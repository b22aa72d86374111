"""Where cases are kept. One repository interface; the backends side by side."""
