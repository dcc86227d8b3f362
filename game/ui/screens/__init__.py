"""The app's screens: title, play, history, journal, debrief, help and the small dialogs."""
