"""Finding where something was discussed, across every case."""
