"""The app's widgets, one per file; none of them knows the app or its screens."""
