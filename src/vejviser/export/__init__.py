"""The directory's exports for other programs: calendars (``calendar.py``)."""
