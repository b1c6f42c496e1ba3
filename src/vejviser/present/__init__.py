"""What the directory says to people, worked out once per build and read by every writer.

Validation gives typed records; this layer turns them into one :class:`~vejviser.present.directory.Directory`:
the views of each activity (its words, place, barriers and status), the facets, the icons and every
address. The writers (the website in ``site/``, the printed editions in ``printed/``, the coordinator's
review) read the same directory and never each other.
"""
