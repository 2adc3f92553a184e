"""The app's screens, one per file: the queue, the document view, and the modal dialogs."""
