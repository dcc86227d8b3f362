"""The Textual front end: an app over the engine's Session, with one stylesheet and Markdown help."""
